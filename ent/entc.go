//go:build ignore

// This program generates the ent client and the GraphQL schema of the ent types. Run it from
// the module root (go generate does): the paths below are relative to it.
package main

import (
	"log"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("schema/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(guardWhereInputs),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	cfg := &gen.Config{
		Features: []gen.Feature{
			gen.FeatureGlobalID,
			gen.FeaturePrivacy,
			gen.FeatureIntercept,
			gen.FeatureEntQL,
			gen.FeatureNamedEdges,
			gen.FeatureLock,
			gen.FeatureExecQuery,
			gen.FeatureSnapshot,
			gen.FeatureVersionedMigration,
		},
	}
	if err := entc.Generate("./ent/schema", cfg, entc.Extensions(ex)); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// guardWhereInputs puts the @filter directive on every where input, so that each one, at any
// depth, passes internal/filter before ent builds SQL from it.
func guardWhereInputs(_ *gen.Graph, s *ast.Schema) error {
	for name, def := range s.Types {
		if def.Kind == ast.InputObject && strings.HasSuffix(name, "WhereInput") {
			def.Directives = append(def.Directives, &ast.Directive{Name: "filter", Location: ast.LocationInputObject})
		}
	}
	return nil
}
