import type { Licence } from './licences';

/**
 * A person on the Jira site, as the daily sync reads them (apps and customers are not read
 * in). In a module of its own, importing nothing that needs Node, so the admin page's
 * contract (usage-overview) can name it too.
 */
export interface SiteUser {
  accountId: string;
  displayName: string;
  /** The address Jira gives the app; null when Jira gives none. */
  email: string | null;
  /** The user chose to hide their email (their profile's visibility setting). */
  emailHidden: boolean;
  /** Deactivated accounts are synced too: an admin reclaims their licences. */
  active: boolean;
  licences: Licence[];
}
