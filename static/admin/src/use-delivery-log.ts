/**
 * The Delivery log's state: the log as last read (and when), one action at a time (Refresh,
 * Send test event, Redeliver one or all), what the last action did. Every action answers
 * with the log after it, so the tables follow without another call. After a Redeliver the
 * events go out within seconds: the log is read again a few times, while any event waits or
 * a redelivered one has no new attempt in the log yet, so the admin sees them delivered
 * without pressing Refresh.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeliveryLogView } from '../../../src/resolvers/admin-api';
import type { ResolverError } from '../../../src/resolvers/resolver-response';
import { callAdmin } from './admin-client';
import { redeliverText } from './delivery-text';

const FOLLOW_UP_MS = 2_000;
const FOLLOW_UPS = 10;

/** What the last action did, for the section's live region; `moveFocus` when the control that did it is gone (a redelivered row). */
export interface DeliveryNotice {
  text: string;
  tone: 'success' | 'warning';
  moveFocus: boolean;
  /** Tells two equal notices apart, so a repeat is announced and focused again. */
  serial: number;
}

export type DeliveryBusy = 'refresh' | 'test' | 'all' | { id: string } | undefined;

export interface DeliveryLogState {
  log: DeliveryLogView | undefined;
  /** When the page got `log` (ages are counted from here). */
  loadedAt: number;
  /** The first read failed: there is no log to show. */
  loadError: ResolverError | undefined;
  /** An action (or a later Refresh) failed: the log on screen is the last one read. */
  actionError: ResolverError | undefined;
  busy: DeliveryBusy;
  notice: DeliveryNotice | undefined;
  refresh: () => void;
  sendTestEvent: () => void;
  redeliver: (target: { id: string } | 'all') => void;
}

export function useDeliveryLog(): DeliveryLogState {
  const [log, setLog] = useState<DeliveryLogView | undefined>();
  const [loadedAt, setLoadedAt] = useState(0);
  const [loadError, setLoadError] = useState<ResolverError | undefined>();
  const [actionError, setActionError] = useState<ResolverError | undefined>();
  const [busy, setBusy] = useState<DeliveryBusy>();
  const [notice, setNotice] = useState<DeliveryNotice | undefined>();
  const [followUps, setFollowUps] = useState(0);
  /** Redelivered ids → how many attempts of each the log listed before: a new attempt shows as one more. */
  const [awaited, setAwaited] = useState<ReadonlyMap<string, number>>(new Map());
  const latest = useRef(0);
  const serial = useRef(0);
  // A second press while an action runs waits for nothing: it is ignored (buttons stay enabled, so the focus stays).
  const running = useRef(false);

  const show = useCallback((next: DeliveryLogView, request: number) => {
    if (request !== latest.current) return;
    setLog(next);
    setLoadedAt(Date.now());
  }, []);

  const hasLog = useRef(false);
  const read = useCallback(
    async (quiet: boolean) => {
      const request = ++latest.current;
      const answer = await callAdmin('admin.deliveryLog', {});
      if (request !== latest.current) return;
      if (answer.ok) {
        hasLog.current = true;
        show(answer.data, request);
        setLoadError(undefined);
        if (!quiet) setNotice(undefined);
      } else if (hasLog.current) {
        // The last log stays on screen, said to be what it is.
        setActionError(answer.error);
      } else {
        setLoadError(answer.error);
      }
    },
    [show],
  );

  const act = useCallback(async (kind: DeliveryBusy, run: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(kind);
    setActionError(undefined);
    try {
      await run();
    } finally {
      running.current = false;
      setBusy(undefined);
    }
  }, []);

  const announce = (text: string, tone: DeliveryNotice['tone'], moveFocus: boolean) => setNotice({ text, tone, moveFocus, serial: ++serial.current });

  useEffect(() => {
    void read(true);
  }, [read]);

  const attemptsOf = (view: DeliveryLogView | undefined, id: string) => view?.recent.filter((row) => row.id === id).length ?? 0;
  const goesOn = (log?.health.backlog ?? 0) > 0 || [...awaited].some(([id, before]) => attemptsOf(log, id) <= before);
  useEffect(() => {
    // Once nothing waits, the follow-ups are done: a later backlog (deliveries paused, say) is not polled.
    if (!goesOn && followUps > 0) {
      setFollowUps(0);
      setAwaited(new Map());
    }
    if (followUps === 0 || !goesOn || busy !== undefined) return;
    const timer = setTimeout(() => {
      setFollowUps((n) => Math.max(0, n - 1));
      void read(true);
    }, FOLLOW_UP_MS);
    return () => clearTimeout(timer);
  }, [followUps, goesOn, busy, loadedAt, read]);

  return {
    log,
    loadedAt,
    loadError,
    actionError,
    busy,
    notice,
    refresh: () => void act('refresh', () => read(false)),
    sendTestEvent: () =>
      void act('test', async () => {
        const request = ++latest.current;
        const answer = await callAdmin('admin.sendTestEvent', {});
        if (!answer.ok) return setActionError(answer.error);
        show(answer.data.log, request);
        announce(answer.data.message, answer.data.delivered ? 'success' : 'warning', false);
      }),
    redeliver: (target) =>
      void act(target === 'all' ? 'all' : target, async () => {
        const ids = target === 'all' ? (log?.deadLetters.map((letter) => letter.id) ?? []) : [target.id];
        const before = new Map(ids.map((id) => [id, attemptsOf(log, id)]));
        const request = ++latest.current;
        const answer = await callAdmin('admin.redeliver', target === 'all' ? { all: true } : target);
        if (!answer.ok) return setActionError(answer.error);
        setAwaited(before);
        show(answer.data.log, request);
        // The row (or, once none is left, Redeliver all) is gone with the dead letter: the focus goes to what happened.
        announce(redeliverText(answer.data), 'success', true);
        setFollowUps(answer.data.redelivered > 0 ? FOLLOW_UPS : 0);
      }),
  };
}
