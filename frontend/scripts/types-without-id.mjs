// The object types the normalized cache cannot key by id (src/graphql/cache.ts),
// written by codegen.mjs to src/gql/types-without-id.ts and checked by its test.
import { buildSchema, getNullableType, isNonNullType, isObjectType } from 'graphql';

/** Object types (root operation types and introspection aside) with no `id: ID!`, sorted. */
export function typesWithoutId(sdl) {
  const schema = buildSchema(sdl);
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean),
  );
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type))
    .filter((type) => {
      const id = type.getFields().id;
      return !(id && isNonNullType(id.type) && getNullableType(id.type).name === 'ID');
    })
    .map((type) => type.name)
    .sort();
}
