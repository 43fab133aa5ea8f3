/**
 * The landing view's word on deliveries: nothing while they are healthy; otherwise a warning
 * that says what is wrong (dead letters, Reconnect needed, a failing backend) and leads to
 * the delivery log. One admin.deliveryHealth call (a few storage reads) per visit.
 */
import { Text } from '@atlaskit/primitives';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { useEffect, useState } from 'react';
import type { DeliveryHealthView } from '../../../src/resolvers/admin-api';
import { callAdmin } from './admin-client';
import { healthWarning } from './delivery-text';
import { manageSectionHref } from './use-hash-route';

export const DELIVERY_LOG_SECTION = 'delivery-log';

export function DeliveryHealthBanner() {
  const [health, setHealth] = useState<{ view: DeliveryHealthView; at: number } | undefined>();
  useEffect(() => {
    let current = true;
    void callAdmin('admin.deliveryHealth', {}).then((answer) => {
      // A failed read says nothing here: the toggle is what this view is for, and the delivery log shows its own errors.
      if (current && answer.ok) setHealth({ view: answer.data, at: Date.now() });
    });
    return () => {
      current = false;
    };
  }, []);
  return (
    // On the page before the answer, so a warning that comes in is announced.
    <div role="status">
      {health && !health.view.healthy ? (
        <SectionMessage
          appearance="warning"
          title="Deliveries to your OKR workspace need attention"
          testId="delivery-health-banner"
          actions={
            <SectionMessageAction href={manageSectionHref(DELIVERY_LOG_SECTION)} testId="delivery-log-link">
              Open the delivery log
            </SectionMessageAction>
          }
        >
          <Text as="p">{healthWarning(health.view, health.at)}</Text>
        </SectionMessage>
      ) : null}
    </div>
  );
}
