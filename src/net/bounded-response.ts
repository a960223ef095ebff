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
  // JSON.parse takes `[[[[...` millions deep within the cap, and every check after it walks that depth: seconds
  // of the event loop for one answer. No answer the console reads nests anywhere near this.
  if (nestsDeeperThan(text, MAX_ANSWER_NESTING)) throw new Error(`${what}: answered JSON nested more than ${MAX_ANSWER_NESTING} deep, not read`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what}: answered something that is not JSON`);
  }
}

/** Arrays and objects nested deeper than this in an answer are refused before it is parsed. */
export const MAX_ANSWER_NESTING = 64;

/** Whether `text` opens more than `max` arrays or objects at once, outside strings: one linear scan, no parse
 *  (a `"` starts a string, in which `\\` takes the next character, up to the next `"`). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x22) {
      for (at++; at < text.length && text.charCodeAt(at) !== 0x22; at++) if (text.charCodeAt(at) === 0x5c) at++;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if ((code === 0x5d || code === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return false;
}
