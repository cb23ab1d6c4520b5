// TypeScript types for every operation in src/, generated from the exported
// schema by GraphQL Code Generator. An operation that does not validate
// against ../schema.graphql fails (and so fails the build). Quiet on success.
import { generate } from '@graphql-codegen/cli';

/** @type {import('@graphql-codegen/cli').CodegenConfig} */
const config = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

try {
  await generate(config, true);
} catch (error) {
  console.error('GraphQL operations do not match ../schema.graphql:');
  for (const item of error?.errors ?? [error]) console.error(String(item?.message ?? item));
  process.exit(1);
}
