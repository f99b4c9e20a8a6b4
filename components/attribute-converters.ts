/**
 * Attribute parsers that never throw: a bad value falls back to the default with a
 * console warning naming the element and attribute.
 */
import type { ComplexAttributeConverter } from 'lit';

function warn(element: string, attribute: string, value: string, fallback: string): void {
  console.warn(`<${element}> ${attribute}=${JSON.stringify(value)} is not valid; using ${fallback}`);
}

/** `attr`, `attr=""` and `attr="true"` are true, `attr="false"` is false, absent is `fallback`. */
export function booleanAttribute(element: string, attribute: string, fallback: boolean): ComplexAttributeConverter<boolean> {
  return {
    fromAttribute(value: string | null): boolean {
      if (value === null) return fallback;
      const normalized = value.trim().toLowerCase();
      if (normalized === '' || normalized === 'true' || normalized === attribute) return true;
      if (normalized === 'false') return false;
      warn(element, attribute, value, String(fallback));
      return fallback;
    },
    toAttribute(value: boolean): string {
      return String(value);
    },
  };
}

/** A non-negative number of seconds; anything else is `undefined` (the core's default). */
export function secondsAttribute(element: string, attribute: string): ComplexAttributeConverter<number | undefined> {
  return {
    fromAttribute(value: string | null): number | undefined {
      if (value === null) return undefined;
      const seconds = Number(value);
      if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
        warn(element, attribute, value, 'the default');
        return undefined;
      }
      return seconds;
    },
  };
}

/** A comma-separated list: `"bob, carol"` → `['bob', 'carol']`. */
export const listAttribute: ComplexAttributeConverter<string[]> = {
  fromAttribute(value: string | null): string[] {
    return (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  },
  toAttribute(value: string[]): string {
    return value.join(',');
  },
};

/** One of `choices` (case-insensitive); anything else is `undefined` (the core's default) with a warning. */
export function choiceAttribute<T extends string>(element: string, attribute: string, choices: readonly T[]): ComplexAttributeConverter<T | undefined> {
  return {
    fromAttribute(value: string | null): T | undefined {
      if (value === null) return undefined;
      const normalized = value.trim().toLowerCase();
      const choice = choices.find((c) => c === normalized);
      if (choice === undefined) warn(element, attribute, value, `the default (one of ${choices.join(', ')})`);
      return choice;
    },
  };
}

/** A `ws://` or `wss://` URL; anything else is `undefined` with a warning. */
export function webSocketUrlAttribute(element: string, attribute: string): ComplexAttributeConverter<string | undefined> {
  return {
    fromAttribute(value: string | null): string | undefined {
      if (value === null || value.trim() === '') return undefined;
      const url = value.trim();
      if (/^wss?:\/\/\S+$/i.test(url)) return url;
      warn(element, attribute, value, 'none (a ws:// or wss:// URL is needed)');
      return undefined;
    },
  };
}
