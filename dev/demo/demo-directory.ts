/**
 * The demo world shared by the sandbox (Jira site users) and the reference OKR backend
 * (its directory and key results): the same people on both sides, matched by email.
 */
import type { JiraSite } from '../platform/jira/site-model';

export interface DemoPerson {
  accountId: string;
  displayName: string;
  email: string;
  /** Jira hides this user's email from other users; the app still resolves it as the app. */
  emailHidden: boolean;
  siteAdmin: boolean;
  /** Jira products (application role keys) the person has through their default groups; none for someone without a licence. */
  products: readonly string[];
  /** Directory fields of the OKR workspace; null when the workspace does not know them. */
  designation: string | null;
  organizationalUnit: string | null;
}

export interface DemoKeyResult {
  id: string;
  objective: string;
  title: string;
}

/** Who uses which product, by unit: engineers plan in Software, product people discover, support works tickets. */
const PRODUCTS_BY_UNIT: Record<string, readonly string[]> = {
  Engineering: ['jira-software'],
  Platform: ['jira-software'],
  Data: ['jira-software'],
  Product: ['jira-software', 'jira-product-discovery'],
  Design: ['jira-product-discovery'],
  'Customer Success': ['jira-servicedesk'],
  Sales: ['jira-core'],
  Marketing: ['jira-core'],
};

const person = (
  n: number,
  displayName: string,
  designation: string | null,
  organizationalUnit: string | null,
  extra: Partial<Pick<DemoPerson, 'emailHidden' | 'siteAdmin' | 'products'>> = {},
): DemoPerson => ({
  accountId: `557058:demo-${String(n).padStart(4, '0')}`,
  displayName,
  email: `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@acme.example.com`,
  emailHidden: extra.emailHidden ?? false,
  siteAdmin: extra.siteAdmin ?? false,
  products: extra.products ?? PRODUCTS_BY_UNIT[organizationalUnit ?? ''] ?? ['jira-core'],
  designation,
  organizationalUnit,
});

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person(1, 'Ada Admin', 'Head of Engineering Operations', 'Engineering', { siteAdmin: true, products: ['jira-software', 'jira-servicedesk'] }),
  person(2, 'Uma User', 'Software Engineer', 'Engineering'),
  person(3, 'Bruno Costa', 'Senior Software Engineer', 'Engineering', { emailHidden: true }),
  person(4, 'Chen Wei', 'Engineering Manager', 'Engineering'),
  person(5, 'Dana Okafor', 'Product Manager', 'Product'),
  person(6, 'Elif Yilmaz', 'Product Designer', 'Design', { emailHidden: true }),
  person(7, 'Farah Haddad', 'QA Lead', 'Engineering'),
  person(8, 'Gustavo Lima', 'Site Reliability Engineer', 'Platform'),
  person(9, 'Hana Sato', 'Data Analyst', 'Data', { emailHidden: true }),
  person(10, 'Ivan Petrov', 'Backend Engineer', 'Platform'),
  person(11, 'Jade Martin', 'Customer Success Manager', 'Customer Success'),
  person(12, 'Kofi Mensah', 'Solutions Architect', 'Sales'),
  person(13, 'Lena Fischer', 'Marketing Lead', 'Marketing'),
  person(14, 'Mateo Rossi', 'Frontend Engineer', 'Engineering', { emailHidden: true }),
  person(15, 'Nora Lindqvist', 'VP Product', 'Product'),
  person(16, 'Omar Farouk', 'Security Engineer', 'Platform'),
  person(17, 'Priya Nair', 'Technical Writer', 'Product'),
  // Two people the OKR workspace does not know: the admin page shows dashes for them.
  // Quinn has a Jira account but no product: a site user who holds no licence.
  person(18, 'Quinn Taylor', null, null, { products: [] }),
  person(19, 'Rosa Jimenez', null, null, { emailHidden: true }),
  person(20, 'Sam Carter', 'Support Engineer', 'Customer Success'),
];

export const DEMO_KEY_RESULTS: readonly DemoKeyResult[] = [
  { id: 'kr-checkout-conversion', objective: 'Delight customers at checkout', title: 'Raise checkout conversion from 2.1% to 3%' },
  { id: 'kr-checkout-latency', objective: 'Delight customers at checkout', title: 'Cut checkout p95 latency below 300 ms' },
  { id: 'kr-onboarding-activation', objective: 'Make onboarding effortless', title: 'Activate 60% of new workspaces within 7 days' },
  { id: 'kr-onboarding-docs', objective: 'Make onboarding effortless', title: 'Publish 20 task-based help articles' },
  { id: 'kr-reliability-uptime', objective: 'Run a platform customers can trust', title: 'Reach 99.95% monthly uptime' },
  { id: 'kr-reliability-incidents', objective: 'Run a platform customers can trust', title: 'Halve Sev-1 incidents quarter over quarter' },
  { id: 'kr-security-sso', objective: 'Win enterprise deals', title: 'Ship SSO and SCIM to all paid plans' },
  { id: 'kr-security-audit', objective: 'Win enterprise deals', title: 'Pass the SOC 2 Type II audit' },
];

/** Demo credentials of the reference OKR backend's one seeded workspace (printed at start). */
export const DEMO_WORKSPACE = {
  name: 'Acme OKRs',
  email: 'ada.admin@acme.example.com',
  apiToken: 'okr_demo_token_7f3a9c2e5b1d',
} as const;

/**
 * Adds the demo people to a simulated Jira site as its users (same ids, emails, visibility),
 * with Jira's standard products and each person in the default groups of theirs.
 */
export function addDemoPeople(site: Pick<JiraSite, 'addUser' | 'addStandardProducts' | 'giveProductAccess'>): void {
  site.addStandardProducts();
  for (const p of DEMO_PEOPLE) {
    site.addUser({ accountId: p.accountId, displayName: p.displayName, email: p.email, emailHidden: p.emailHidden, siteAdmin: p.siteAdmin });
    for (const key of p.products) site.giveProductAccess(p.accountId, key);
  }
}
