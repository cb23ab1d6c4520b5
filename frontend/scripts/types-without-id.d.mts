/** Object types (root operation types and introspection aside) with no `id: ID!`, sorted. */
export function typesWithoutId(sdl: string): string[];
