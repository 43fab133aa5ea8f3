import { err, ok, type Result } from './result';

/**
 * Key-result ids come from the OKR product. They become part of storage keys and queue
 * concurrency keys, so only a conservative alphabet is accepted.
 */
export function parseKeyResultId(value: unknown): Result<string, string> {
  if (typeof value !== 'string') return err('keyResultId must be a string');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value)) {
    return err('keyResultId must be 1–128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return ok(value);
}

export function parseIssueId(value: unknown): Result<string, string> {
  if (typeof value !== 'string' || !/^\d{1,18}$/.test(value)) return err('issueId must be a numeric Jira issue id, such as "10001"');
  return ok(value);
}
