package main

import (
	"context"
	"fmt"

	"vinhdanh/ent/collective"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
)

// pickRolls chooses the rolls to measure: the first school union, district, city and the
// confederation, with the size of their subtrees.
func pickRolls(ctx context.Context, s *servers) ([]roll, error) {
	sys := rule.SystemContext(ctx)
	var out []roll
	for _, k := range []struct {
		name string
		kind enum.CollectiveKind
	}{{"school", enum.KindGrassrootsUnion}, {"district", enum.KindDistrictFederation},
		{"city", enum.KindCityFederation}, {"national", enum.KindConfederation}} {
		id, err := s.db.Client.Collective.Query().Where(collective.KindEQ(k.kind)).Order(collective.ByID()).FirstID(sys)
		if err != nil {
			return nil, fmt.Errorf("pick a %s: %w", k.name, err)
		}
		units, err := tree.SubtreeDuring(sys, s.db.Client, id, tree.Ever)
		if err != nil {
			return nil, err
		}
		out = append(out, roll{name: k.name, unit: id, units: len(units)})
	}
	return out, nil
}
