import {
  DEFAULT_PROGRESS_WEIGHTS,
  type FieldError,
  type ProgressWeights,
  WEIGHT_FIELDS,
  parseProgressWeights,
} from '../../src/domain/progress-weights';

const LABELS = { todo: 'To Do', inProgress: 'In Progress', done: 'Done' } as const;

/** The errors of a refused input; fails the test if the input was accepted. */
function errorsOf(input: unknown): FieldError[] {
  const result = parseProgressWeights(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The value of an accepted input; fails the test if the input was refused. */
function valueOf(input: unknown): ProgressWeights {
  const result = parseProgressWeights(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to be accepted, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const fieldsOf = (errors: FieldError[]): string[] => errors.map((error) => error.field);

describe('DEFAULT_PROGRESS_WEIGHTS', () => {
  it('is 0 / 50 / 100 and frozen', () => {
    expect(DEFAULT_PROGRESS_WEIGHTS).toEqual({ todo: 0, inProgress: 50, done: 100 });
    expect(Object.isFrozen(DEFAULT_PROGRESS_WEIGHTS)).toBe(true);
  });

  it('passes its own parser', () => {
    expect(valueOf(DEFAULT_PROGRESS_WEIGHTS)).toEqual({ todo: 0, inProgress: 50, done: 100 });
  });

  it('lists the three fields in order', () => {
    expect(WEIGHT_FIELDS).toEqual(['todo', 'inProgress', 'done']);
  });
});

describe('parseProgressWeights: accepted input', () => {
  it.each([
    [0, 50, 100],
    [10, 40, 90],
    [0, 1, 2],
    [98, 99, 100],
    [0, 99, 100],
    [0, 1, 100],
  ])('accepts %i / %i / %i', (todo, inProgress, done) => {
    expect(parseProgressWeights({ todo, inProgress, done })).toEqual({ ok: true, value: { todo, inProgress, done } });
  });

  it('returns exactly the three keys, in a new object', () => {
    const input = { done: 90, todo: 10, inProgress: 40 };
    const value = valueOf(input);
    expect(Object.keys(value).sort()).toEqual(['done', 'inProgress', 'todo']);
    expect(value).not.toBe(input);
    input.todo = 99;
    expect(value.todo).toBe(10);
  });

  it('accepts integral numbers written with a fraction part (100.0 is the number 100)', () => {
    expect(valueOf({ todo: 0.0, inProgress: 50.0, done: 100.0 })).toEqual({ todo: 0, inProgress: 50, done: 100 });
  });

  it('accepts an object without a prototype, as some JSON parsers produce', () => {
    const input = Object.assign(Object.create(null) as Record<string, unknown>, { todo: 0, inProgress: 50, done: 100 });
    expect(valueOf(input)).toEqual({ todo: 0, inProgress: 50, done: 100 });
  });
});

describe('parseProgressWeights: order To Do < In Progress < Done', () => {
  it('refuses 50 / 50 / 100, naming inProgress only', () => {
    const errors = errorsOf({ todo: 50, inProgress: 50, done: 100 });
    expect(errors).toEqual([{ field: 'inProgress', message: expect.stringContaining('In Progress (50) must be greater than To Do (50)') }]);
  });

  it('refuses 0 / 100 / 100, naming done only', () => {
    const errors = errorsOf({ todo: 0, inProgress: 100, done: 100 });
    expect(errors).toEqual([{ field: 'done', message: expect.stringContaining('Done (100) must be greater than In Progress (100)') }]);
  });

  it.each([
    [{ todo: 0, inProgress: 0, done: 0 }, ['inProgress', 'done']],
    [{ todo: 100, inProgress: 100, done: 100 }, ['inProgress', 'done']],
    [{ todo: 100, inProgress: 50, done: 0 }, ['inProgress', 'done']],
    [{ todo: 60, inProgress: 50, done: 100 }, ['inProgress']],
    [{ todo: 0, inProgress: 60, done: 50 }, ['done']],
    [{ todo: 0, inProgress: 50, done: 49 }, ['done']],
    [{ todo: 51, inProgress: 50, done: 100 }, ['inProgress']],
  ])('refuses %j, naming %j', (input, fields) => {
    expect(fieldsOf(errorsOf(input))).toEqual(fields);
  });

  it('checks the order only once every field is a valid number', () => {
    // Done (10) is below To Do (50), but In Progress itself is wrong: only that is reported.
    expect(errorsOf({ todo: 50, inProgress: 'x', done: 10 })).toEqual([
      { field: 'inProgress', message: expect.stringContaining('whole number') },
    ]);
  });
});

describe('parseProgressWeights: invalid values name their field', () => {
  const invalidValues: Array<[string, unknown, string]> = [
    ['a numeric string', '50', 'the text "50"'],
    ['an empty string', '', 'the text ""'],
    ['a decimal', 50.5, '50.5'],
    ['a tiny decimal', 0.1, '0.1'],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['null', null, 'null'],
    ['a boolean', true, 'boolean'],
    ['an array', [50], 'a list'],
    ['an object', { value: 50 }, 'object'],
    ['a bigint', BigInt(50), 'bigint'],
  ];

  describe.each(WEIGHT_FIELDS.map((field) => [field] as const))('%s', (field) => {
    it.each(invalidValues)('refuses %s', (_label, value, described) => {
      const input: Record<string, unknown> = { todo: 0, inProgress: 50, done: 100, [field]: value };
      const errors = errorsOf(input);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe(field);
      expect(errors[0]?.message).toContain(LABELS[field]);
      expect(errors[0]?.message).toContain('whole number from 0 to 100');
      expect(errors[0]?.message).toContain(`got ${described}`);
    });

    it.each([
      [-1],
      [101],
      [-100],
      [1000],
    ])('refuses the out-of-range integer %i', (value) => {
      const errors = errorsOf({ todo: 0, inProgress: 50, done: 100, [field]: value });
      expect(errors).toEqual([{ field, message: `${LABELS[field]} must be between 0 and 100; got ${value}.` }]);
    });

    it('refuses a missing key', () => {
      const input: Record<string, unknown> = { todo: 0, inProgress: 50, done: 100 };
      delete input[field];
      expect(errorsOf(input)).toEqual([{ field, message: `${LABELS[field]} is required.` }]);
    });

    it('refuses a key present with the value undefined', () => {
      expect(errorsOf({ todo: 0, inProgress: 50, done: 100, [field]: undefined })).toEqual([
        { field, message: `${LABELS[field]} is required.` },
      ]);
    });
  });

  it('accepts the boundaries 0 and 100 and refuses just outside them', () => {
    expect(valueOf({ todo: 0, inProgress: 1, done: 100 })).toEqual({ todo: 0, inProgress: 1, done: 100 });
    expect(fieldsOf(errorsOf({ todo: -1, inProgress: 1, done: 100 }))).toEqual(['todo']);
    expect(fieldsOf(errorsOf({ todo: 0, inProgress: 1, done: 101 }))).toEqual(['done']);
  });

  it('shortens long text in the message', () => {
    const errors = errorsOf({ todo: 'a'.repeat(50), inProgress: 50, done: 100 });
    expect(errors[0]?.message).toContain(`the text "${'a'.repeat(20)}…"`);
    expect(errors[0]?.message).not.toContain('a'.repeat(21));
  });
});

describe('parseProgressWeights: unknown and missing keys', () => {
  it('refuses an extra key, naming it', () => {
    const errors = errorsOf({ todo: 0, inProgress: 50, done: 100, blocked: 25 });
    expect(errors).toEqual([{ field: 'blocked', message: expect.stringContaining('Unknown field "blocked"') }]);
  });

  it('refuses keys that differ only in case', () => {
    const errors = errorsOf({ todo: 0, inprogress: 50, done: 100 });
    expect(fieldsOf(errors).sort()).toEqual(['inProgress', 'inprogress']);
  });

  it('refuses an empty object, naming all three fields', () => {
    expect(errorsOf({})).toEqual([
      { field: 'todo', message: 'To Do is required.' },
      { field: 'inProgress', message: 'In Progress is required.' },
      { field: 'done', message: 'Done is required.' },
    ]);
  });
});

describe('parseProgressWeights: input that is not an object', () => {
  it.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a number', 50, '50'],
    ['a string', '0/50/100', 'the text "0/50/100"'],
    ['an array', [0, 50, 100], 'a list'],
    ['an empty array', [], 'a list'],
    ['a boolean', false, 'boolean'],
  ])('refuses %s with one error on "weights"', (_label, input, described) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('weights');
    expect(errors[0]?.message).toContain('todo, inProgress and done');
    expect(errors[0]?.message).toContain(`got ${described}`);
  });
});

describe('parseProgressWeights: several problems are reported together', () => {
  it('reports an unknown key, a bad type, a bad range and a missing key at once', () => {
    const errors = errorsOf({ todo: '0', inProgress: 101, colour: 'red' });
    expect(fieldsOf(errors)).toEqual(['colour', 'todo', 'inProgress', 'done']);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining('Unknown field "colour"'),
      expect.stringContaining('To Do must be a whole number'),
      'In Progress must be between 0 and 100; got 101.',
      'Done is required.',
    ]);
  });

  it('reports one error per bad field when all three are bad', () => {
    expect(fieldsOf(errorsOf({ todo: null, inProgress: Number.NaN, done: 50.5 }))).toEqual(['todo', 'inProgress', 'done']);
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [Symbol('x'), () => 1, new Date(0), new Map(), { todo: Symbol('x'), inProgress: 1, done: 2 }];
    for (const input of inputs) {
      expect(() => parseProgressWeights(input)).not.toThrow();
      expect(parseProgressWeights(input).ok).toBe(false);
    }
  });
});
