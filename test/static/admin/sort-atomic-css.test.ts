import { sortAtomicCss, splitTopLevelRules } from '../../../scripts/sort-atomic-css';

describe('atomic CSS ordering of the admin page build', () => {
  it('puts plain rules first, pseudo-classes in LVFHA order, at-rules last, keeping order within a group', () => {
    const css = '._a:active{color:red}._b{color:blue}@media (min-width:30rem){._c{color:green}}._d:hover{color:gray}._e:focus-visible{outline:0}._f{margin:0}';
    expect(sortAtomicCss(css).trim().split('\n')).toEqual([
      '._b{color:blue}',
      '._f{margin:0}',
      '._e:focus-visible{outline:0}',
      '._d:hover{color:gray}',
      '._a:active{color:red}',
      '@media (min-width:30rem){._c{color:green}}',
    ]);
  });

  it('is not fooled by braces inside strings', () => {
    expect(splitTopLevelRules('._a::after{content:"}"}._b{color:red}')).toEqual(['._a::after{content:"}"}', '._b{color:red}']);
  });

  it('refuses a stylesheet with unbalanced braces instead of guessing', () => {
    expect(() => sortAtomicCss('._a{color:red')).toThrow(/unbalanced/);
  });
});
