// An HTTP answer's body read as the bounded file reader reads a file (src/runner/folder/bounded-file.ts): at most
// a cap of it, so a server that answers without end (or with far more than an answer of its kind) cannot fill
// the console's memory or keep it reading. Every REST answer the console reads comes through here.

/** The body of `response` as UTF-8 text, or undefined when it is larger than `maxBytes`: then it is not read on
 *  (the connection is dropped). */
export async function boundedText(response: Response, maxBytes: number): Promise<string | undefined> {
  const body = response.body;
  if (!body) return '';
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await body.cancel();
    return undefined;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** The body of `response` parsed as JSON; throws, naming `what` and the cap, when it is larger than `maxBytes`
 *  (unread past the cap) or is not JSON. */
export async function boundedJson(response: Response, maxBytes: number, what: string): Promise<unknown> {
  const text = await boundedText(response, maxBytes);
  if (text === undefined) throw new Error(`${what}: answered more than ${maxBytes} bytes, not read`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what}: answered something that is not JSON`);
  }
}
