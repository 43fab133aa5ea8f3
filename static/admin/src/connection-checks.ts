/**
 * Checks the connect form makes before any request, so a typo never reaches the server.
 * The server checks again and more (credentials in the URL, IP literals, egress allow-list).
 */
export interface ConnectionInput {
  email: string;
  serverUrl: string;
  apiToken: string;
}

export type ConnectionField = keyof ConnectionInput;
export type ConnectionErrors = Partial<Record<ConnectionField, string>>;

export interface ConnectionCheckOptions {
  /** False on the Credentials section of a connected site: a blank token keeps the stored one. */
  requireToken: boolean;
  /**
   * Outside production (Forge development environments, the local sandbox) the server accepts
   * plain http to this machine; production needs https everywhere.
   */
  allowLoopbackHttp: boolean;
}

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkConnectionInput(input: ConnectionInput, options: ConnectionCheckOptions): ConnectionErrors {
  const errors: ConnectionErrors = {};
  const email = input.email.trim();
  if (email === '') errors.email = 'Enter the email address of the OKR workspace admin.';
  else if (!EMAIL.test(email)) errors.email = 'Enter a valid email address, like name@example.com.';

  const serverError = checkServerUrl(input.serverUrl.trim(), options.allowLoopbackHttp);
  if (serverError) errors.serverUrl = serverError;

  if (options.requireToken && input.apiToken.trim() === '') errors.apiToken = 'Enter the API token issued by your OKR workspace.';
  return errors;
}

function checkServerUrl(value: string, allowLoopbackHttp: boolean): string | undefined {
  if (value === '') return 'Enter the URL of your OKR workspace.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, like https://your-company.okr-backend.example.com.';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'Use a secure https:// URL.';
  return 'Enter a web address starting with https://.';
}

export const hasErrors = (errors: object): boolean => Object.keys(errors).length > 0;
