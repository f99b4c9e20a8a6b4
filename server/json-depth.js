// A linear pre-check of untrusted JSON text: how deeply it nests, without parsing it.
// JSON.parse itself copes with any depth, but everything that later walks the value
// recursively (JSON.stringify, structured clone, validation) can overflow the stack on a
// value nested a few thousand levels deep. The relay refuses such frames before parsing.

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True if `text` opens more than `max` objects/arrays inside each other (brackets inside
 * strings do not count). Runs in one pass over the characters; stops at the first level too deep.
 * Text that is not JSON at all may pass: JSON.parse still decides that.
 * @param {string} text
 * @param {number} max
 */
export function nestsDeeperThan(text, max) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH)
        i += 1; // skip the escaped character (an escaped quote does not end the string)
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}
