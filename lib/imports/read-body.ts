// Request bodies read with a byte limit: stops reading (and reports) as soon as the limit is passed,
// instead of buffering whatever a client sends.

/** The body as text, or 'too_large' once more than `limit` bytes arrive. */
export async function readBodyLimited(request: Request, limit: number): Promise<string | 'too_large'> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return 'too_large';
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
