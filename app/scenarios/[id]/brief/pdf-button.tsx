'use client';

import { useLocale } from 'next-intl';
import { useRef, useState } from 'react';
import type { Locale } from '@/lib/i18n/config';

// "Hent som PDF": the brief's PDF fetched here instead of by a bare link, so the reader sees what happens. The
// render is a queue job (GET /api/scenarios/{id}/pdf); while it runs the button says so, a render still waiting
// after the server's wait answers 202 with the job's address, which is asked again after Retry-After seconds until
// the file comes; a refusal (rate limit, busy, no PDF possible) is said under the button in the page's language,
// never saved as a file. Without JavaScript the link still downloads.

export interface PdfButtonLabels {
  download: string;
  making: string;
  /** The request failed without a message from the server (network, unexpected answer). */
  failed: string;
}

interface ErrorAnswer {
  error?: { messages?: Partial<Record<Locale, string>>; message?: string; requestId?: string };
}

/** The file name the server gave (Content-Disposition), else `fallback`. */
function fileName(disposition: string | null, fallback: string): string {
  const quoted = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  if (!quoted) return fallback;
  try {
    return decodeURIComponent(quoted[1]);
  } catch {
    return quoted[1];
  }
}

/** Hands the browser a downloaded file, as a click on a link to it would. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The server said no: its message, in the page's language. */
class PdfRefused extends Error {}

const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export function PdfButton({ href, labels }: { href: string; labels: PdfButtonLabels }) {
  const locale = useLocale() as Locale;
  const [making, setMaking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useRef(false);

  async function download(): Promise<void> {
    let url = href;
    for (;;) {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (response.status === 202) {
        const { location } = (await response.json()) as { location: string };
        await pause(Number(response.headers.get('retry-after')) || 5);
        url = location;
        continue;
      }
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as ErrorAnswer | null;
        const message = answer?.error?.messages?.[locale] ?? answer?.error?.message;
        throw new PdfRefused(message ? `${message}${answer?.error?.requestId ? ` (${answer.error.requestId})` : ''}` : labels.failed);
      }
      save(await response.blob(), fileName(response.headers.get('content-disposition'), 'resume.pdf'));
      return;
    }
  }

  async function onClick(event: React.MouseEvent<HTMLAnchorElement>): Promise<void> {
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setMaking(true);
    setProblem(null);
    try {
      await download();
    } catch (error) {
      setProblem(error instanceof PdfRefused ? error.message : labels.failed);
    } finally {
      busy.current = false;
      setMaking(false);
    }
  }

  return (
    <>
      <a className="button" href={href} download onClick={onClick} aria-disabled={making} data-testid="brief-pdf">
        {making ? labels.making : labels.download}
      </a>
      <span role="status" aria-live="polite" className="pdf-button__status" data-testid="brief-pdf-status">
        {problem}
      </span>
    </>
  );
}
