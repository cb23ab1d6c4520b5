import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typesWithoutId } from '../../scripts/types-without-id.mjs';
import { TYPES_WITHOUT_ID } from '../gql/types-without-id';

// Relative to frontend/, where npm runs vitest (as codegen reads it).
const schema = readFileSync('../schema.graphql', 'utf8');

describe('the generated list of types without an id', () => {
  it('is up to date with ../schema.graphql (npm run codegen regenerates it)', () => {
    expect(TYPES_WITHOUT_ID).toEqual(typesWithoutId(schema));
  });

  it('leaves out the types the schema gives an id', () => {
    expect(TYPES_WITHOUT_ID).toContain('UserConnection');
    expect(TYPES_WITHOUT_ID).not.toContain('Repository');
    expect(TYPES_WITHOUT_ID).not.toContain('Query');
  });
});
