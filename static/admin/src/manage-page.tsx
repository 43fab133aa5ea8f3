/** "Manage Integration": Credentials, Progress Calculation Settings, User Access Control, Usage Reports, Usage and the Delivery log. */
import Heading from '@atlaskit/heading';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';
import type { AdminSettingsView } from '../../../src/resolvers/admin-api';
import { AccessSection } from './access-section';
import { UsagePrivacySection } from './usage-privacy-section';
import { UsageSection } from './usage-section';
import { CredentialsSection } from './credentials-section';
import { DELIVERY_LOG_SECTION } from './delivery-health-banner';
import { DeliveryLogSection } from './delivery-log-section';
import { PageHeading } from './page-heading';
import { LANDING_HREF, useSectionFocus } from './use-hash-route';
import { WeightsSection } from './weights-section';

export interface ManagePageProps {
  settings: AdminSettingsView & { connection: NonNullable<AdminSettingsView['connection']> };
  allowLoopbackHttp: boolean;
  onSettings: (settings: AdminSettingsView) => void;
}

const sectionStyles = xcss({ borderTopWidth: 'border.width', borderTopStyle: 'solid', borderTopColor: 'color.border', paddingBlockStart: 'space.300' });

export function ManagePage({ settings, allowLoopbackHttp, onSettings }: ManagePageProps) {
  // #manage/<section> (the landing view's "Open the delivery log") opens the view at that section.
  useSectionFocus();
  return (
    <Stack space="space.400">
      <Stack space="space.100">
        <a href={LANDING_HREF} data-testid="back-link">
          ← Back
        </a>
        <PageHeading id="manage-heading">Manage Integration</PageHeading>
        <Text as="p" color="color.text.subtle">
          Connected to {settings.connection.workspaceName}.
        </Text>
      </Stack>
      <Section id="credentials" title="Credentials">
        <CredentialsSection connection={settings.connection} allowLoopbackHttp={allowLoopbackHttp} onSettings={onSettings} />
      </Section>
      <Section id="weights" title="Progress Calculation Settings">
        <WeightsSection settings={settings} onSettings={onSettings} />
      </Section>
      <Section id="access" title="User Access Control">
        <AccessSection settings={settings} onSettings={onSettings} labelledBy="access-heading" />
      </Section>
      <Section id="usage-privacy" title="Usage Reports">
        <UsagePrivacySection settings={settings} onSettings={onSettings} />
      </Section>
      <Section id="usage" title="Usage">
        <UsageSection headingId="usage-heading" />
      </Section>
      <Section id={DELIVERY_LOG_SECTION} title="Delivery log">
        <DeliveryLogSection />
      </Section>
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box as="section" xcss={sectionStyles} aria-labelledby={`${id}-heading`} testId={`section-${id}`}>
      <Stack space="space.200">
        <Heading size="medium" as="h2" id={`${id}-heading`}>
          {title}
        </Heading>
        {children}
      </Stack>
    </Box>
  );
}
