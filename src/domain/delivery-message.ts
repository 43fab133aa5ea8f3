import { readString } from './read-json';
import { err, ok, type Result } from './result';
import { isStatusCategoryKey, type StatusCategoryKey } from './status-category';

/** Messages on the delivery queue: small, with ids only; the data lives in storage. */
export type DeliveryMessage =
  | { kind: 'deliver'; messageId: string }
  | { kind: 'apply-status'; keyResultId: string; issueId: string; statusId: string; categoryKey: StatusCategoryKey; changelogId: string }
  /** Re-send a key result's progress with the current weights (after an admin changed them). */
  | { kind: 'recompute'; keyResultId: string };

export function parseDeliveryMessage(body: unknown): Result<DeliveryMessage, string> {
  const kind = readString(body, 'kind');
  if (kind === 'deliver') {
    const messageId = readString(body, 'messageId');
    return messageId ? ok({ kind, messageId }) : err('deliver message without messageId');
  }
  if (kind === 'apply-status') {
    const keyResultId = readString(body, 'keyResultId');
    const issueId = readString(body, 'issueId');
    const statusId = readString(body, 'statusId');
    const categoryKey = readString(body, 'categoryKey');
    const changelogId = readString(body, 'changelogId');
    if (!keyResultId || !issueId || !statusId || !changelogId || !isStatusCategoryKey(categoryKey)) {
      return err('apply-status message is missing a field');
    }
    return ok({ kind, keyResultId, issueId, statusId, categoryKey, changelogId });
  }
  if (kind === 'recompute') {
    const keyResultId = readString(body, 'keyResultId');
    return keyResultId ? ok({ kind, keyResultId }) : err('recompute message without keyResultId');
  }
  return err(`unknown message kind ${JSON.stringify(kind)}`);
}
