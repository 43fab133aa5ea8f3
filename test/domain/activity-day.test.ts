import { ACTIVITY_BUCKETS, bucketOf, dayOf, emptyBucket, kindOf, lastDays, withActivity } from '../../src/domain/activity-day';

describe('activity days', () => {
  it('spreads account ids evenly over the buckets, the same way every time', () => {
    const counts = new Array<number>(ACTIVITY_BUCKETS).fill(0);
    for (let i = 0; i < 6400; i += 1) counts[bucketOf(`557058:${i.toString(16).padStart(8, '0')}-user`)]! += 1;
    expect(Math.max(...counts)).toBeLessThan(150);
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(bucketOf('5b10ac8d82e05b22cc7d4ef5')).toBe(bucketOf('5b10ac8d82e05b22cc7d4ef5'));
  });

  it('maps actions to the four kinds the report counts', () => {
    expect(['comment_deleted', 'worklog_updated', 'issue_created', 'issue_assigned', 'field_changed'].map((a) => kindOf(a as never))).toEqual(['comment', 'worklog', 'issue', 'history', 'history']);
  });

  it('takes the UTC day of an instant, at the boundary too', () => {
    expect(dayOf('2026-11-30T23:59:59.999Z')).toBe('2026-11-30');
    expect(dayOf('2026-12-01T00:00:00.000Z')).toBe('2026-12-01');
    expect(dayOf('2026-12-01T00:30:00.000+01:00')).toBe('2026-11-30');
  });

  it('adds one action without touching other users, moving the revision on', () => {
    const start = withActivity(emptyBucket('2026-12-01', 3), 'a', 'comment');
    const next = withActivity(withActivity(start, 'a', 'comment'), 'b', 'worklog');
    expect(next).toEqual({ day: '2026-12-01', bucket: 3, users: { a: { comment: 2 }, b: { worklog: 1 } }, revision: 3 });
    expect(start.users).toEqual({ a: { comment: 1 } });
  });

  it('lists the last days ending today, oldest first, across a month end', () => {
    expect(lastDays('2026-12-02', 4)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(lastDays('2026-12-02', 30)).toHaveLength(30);
  });
});
