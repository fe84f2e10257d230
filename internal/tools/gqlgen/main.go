// Command gqlgen runs gqlgen's generator with one plugin of ours: ent records' edges resolved
// inline instead of each on its own goroutine. See inline.
package main

import (
	"go/types"
	"log"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	if err := api.Generate(cfg, api.AddPlugin(inline{})); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
}

// inline resolves the fields of an ent record one after another when every field gqlgen would
// otherwise start a goroutine for is an edge method of the record (entgql's, which return the
// edge entgql's field collection loaded with the page). Such a goroutine does no I/O and costs
// more than the field: a 50-award roll page started 200 of them. Types with a resolver of
// their own keep gqlgen's concurrency.
type inline struct{}

func (inline) Name() string { return "inline-ent-edges" }

func (inline) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if o.Root || !fromEnt(o) {
			continue
		}
		methodsOnly := true
		for _, f := range o.Fields {
			if f.IsResolver {
				methodsOnly = false
			}
		}
		if methodsOnly {
			o.DisableConcurrency = true
		}
	}
	return nil
}

func fromEnt(o *codegen.Object) bool {
	return o.Type != nil && typePackage(o) == "vinhdanh/ent"
}

// typePackage is the import path of the Go type an object is bound to.
func typePackage(o *codegen.Object) string {
	t := o.Type
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path()
	}
	return ""
}
