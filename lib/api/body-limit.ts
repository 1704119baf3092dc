// Request bodies read with a byte limit counted as the bytes arrive — Content-Length is only a claim, and a
// chunked body has none (a chunked 100 MB body to a "1 MiB" JSON route used to be parsed in full). Reading stops,
// and the stream is cancelled, as soon as the limit is passed.

/** The body as bytes, or 'too_large' once more than `limit` bytes arrive (or are announced). */
export async function readBodyBytesLimited(request: Request, limit: number): Promise<Uint8Array | 'too_large'> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return 'too_large';
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text, or 'too_large' once more than `limit` bytes arrive. */
export async function readBodyLimited(request: Request, limit: number): Promise<string | 'too_large'> {
  const bytes = await readBodyBytesLimited(request, limit);
  return bytes === 'too_large' ? bytes : Buffer.from(bytes).toString('utf8');
}

/** The body grew past the limit while a handler streamed it (see limitBodyStream). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * The request with its body counted as it streams: past `limit` bytes the stream errors with BodyTooLarge, so a
 * handler that streams the body (uploads) stops at the limit too. For bodies too big to buffer.
 */
export function limitBodyStream(request: Request, limit: number): Request {
  if (!request.body) return request;
  let size = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(new BodyTooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, { method: request.method, headers: request.headers, body: counted, duplex: 'half', signal: request.signal } as RequestInit);
}
