'use client';

// Opens the browser's print dialog (print to PDF); the page's print CSS hides the navigation.
export function PrintButton({ label }: { label: string }) {
  return <button className="button button--primary" type="button" onClick={() => window.print()}>{label}</button>;
}
