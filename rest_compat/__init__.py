"""REST APIs of other forges, each route running a GraphQL operation."""
