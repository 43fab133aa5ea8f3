// The only module the manifest points at: every handler is `index.<export>`.

// Product-event triggers
export { onIssueEvent } from './triggers/on-issue-event';
export { onActivityEvent } from './triggers/on-activity-event';

// Forge lifecycle triggers
export { onAppInstalled, onAppUpgraded } from './triggers/on-lifecycle-event';

// Queue consumers
export { onWorkMessage } from './consumers/on-work-message';

// Scheduled triggers
export { reconcileDaily } from './jobs/reconcile-daily';
export { syncUsageDaily } from './jobs/sync-usage-daily';
export { redriveOutbox } from './jobs/redrive-outbox';

// Web triggers
export { onBackendRequest } from './webtriggers/on-backend-request';

// UI resolvers
export { adminResolver } from './resolvers/admin-resolver';
export { issuePanelResolver } from './resolvers/issue-panel-resolver';
