/** Small readers for `unknown` JSON: everything from outside is unknown until read. */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const readObject = (value: unknown, key: string): JsonObject | undefined => {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
};

export const readString = (value: unknown, key: string): string | undefined => {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return typeof child === 'string' ? child : undefined;
};

/** Jira sends numeric ids sometimes as numbers, sometimes as strings: accept both as text. */
export const readId = (value: unknown, key: string): string | undefined => {
  if (!isObject(value)) return undefined;
  const child = value[key];
  if (typeof child === 'string' && child.length > 0) return child;
  if (typeof child === 'number' && Number.isSafeInteger(child)) return String(child);
  return undefined;
};

export const readArray = (value: unknown, key: string): unknown[] | undefined => {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return Array.isArray(child) ? child : undefined;
};

/** A finite number, or a string of digits (Jira sends some counts and ids either way). */
export const readNumber = (value: unknown, key: string): number | undefined => {
  if (!isObject(value)) return undefined;
  const child = value[key];
  if (typeof child === 'number' && Number.isFinite(child)) return child;
  if (typeof child === 'string' && /^-?\d+$/.test(child)) return Number(child);
  return undefined;
};

/** How often the platform delivered this event before (its `retryContext`; 0 for a first delivery). */
export const retryCountOf = (event: unknown): number => {
  const retry = isObject(event) ? event['retryContext'] : undefined;
  const count = isObject(retry) ? retry['retryCount'] : undefined;
  return typeof count === 'number' ? count : 0;
};
