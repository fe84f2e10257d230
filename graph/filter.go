package graph

import (
	"context"
	"fmt"
	"reflect"

	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/internal/filter"
)

// Filter implements the @filter directive of every where input: it hands the decoded input
// to filter.Guard, which narrows it to what the caller may read and gives its text one meaning
// on every database.
func Filter(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil || res == nil {
		return res, err
	}
	rv := reflect.ValueOf(res)
	if rv.Kind() == reflect.Pointer {
		filter.Guard(ctx, res)
		return res, nil
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("@filter on %T", res)
	}
	ptr := reflect.New(rv.Type())
	ptr.Elem().Set(rv)
	filter.Guard(ctx, ptr.Interface())
	return ptr.Elem().Interface(), nil
}
