import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/text/shell-quote.js';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes what a shell would read differently', () => {
    expect(shellQuote(['spark-submit', '--master', 'local[*]', '--conf', 'a=b c', "it's", ''])).toBe(
      `spark-submit --master 'local[*]' --conf 'a=b c' 'it'\\''s' ''`,
    );
  });
});
