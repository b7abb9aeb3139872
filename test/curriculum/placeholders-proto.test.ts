// Lookups keyed by text someone else wrote answer only the keys that were put there: `{{constructor}}`
// in a lesson is an unknown placeholder, not Object's constructor printed into the page.
import { describe, expect, it } from 'vitest';
import { renderPlaceholders } from '../../server/curriculum/placeholders.js';

describe('placeholders and prototype names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('leaves {{%s}} as written', (name) => {
    expect(renderPlaceholders(`a {{${name}}} b {{vip}}`, { vip: '10.0.0.100' })).toBe(`a {{${name}}} b 10.0.0.100`);
  });
});
