'use client';
// When even the root layout fails there are no messages or styles: a plain bilingual page with the error id.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="da">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '40rem', margin: '3rem auto', padding: '0 1rem', lineHeight: 1.5 }}>
        <h1>Noget gik galt</h1>
        <p>Siden kunne ikke vises. Prøv igen om lidt, eller kontakt en administrator{error.digest ? <> og oplys fejl-id <code>{error.digest}</code></> : null}.</p>
        <p lang="en">Something went wrong. Try again shortly, or contact an administrator{error.digest ? <> quoting error id <code>{error.digest}</code></> : null}.</p>
        <button type="button" onClick={reset}>Prøv igen / Try again</button>
      </body>
    </html>
  );
}
