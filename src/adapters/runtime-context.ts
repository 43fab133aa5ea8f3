import { getAppContext } from '@forge/api';

/**
 * The Forge environment type (DEVELOPMENT, STAGING, PRODUCTION) this invocation runs in,
 * from the documented getAppContext; null when the runtime does not say (a legacy runtime).
 */
export function currentEnvironmentType(): string | null {
  try {
    const type = getAppContext().environmentType;
    return typeof type === 'string' && type.length > 0 && type.length <= 50 ? type : null;
  } catch {
    return null;
  }
}
