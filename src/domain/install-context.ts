/** The site's cloud id from the invocation's installContext ("ari:cloud:jira::site/<cloudId>"). */
export function cloudIdFromInstallContext(installContext: unknown): string | undefined {
  if (typeof installContext !== 'string') return undefined;
  const match = installContext.match(/^ari:cloud:[a-z-]+::site\/([0-9a-fA-F-]{8,})$/);
  return match?.[1];
}
