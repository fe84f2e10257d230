package filter

import (
	"context"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vinhdanh/ent"
	"vinhdanh/internal/viewer"
)

func ptr[T any](v T) *T { return &v }

func TestGuard(t *testing.T) {
	staff := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: 1, Role: viewer.RoleStaff, ScopeID: 5, Scope: []int{5}})
	admin := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: 2, Role: viewer.RoleAdmin})
	anonymous := context.Background()
	tests := []struct {
		name  string
		ctx   context.Context
		where any
		check func(t *testing.T, w any)
	}{
		{"anonymous award filters see public awards only", anonymous, &ent.AwardWhereInput{}, func(t *testing.T, w any) {
			if n := len(w.(*ent.AwardWhereInput).Predicates); n != 1 {
				t.Errorf("%d predicates, want the visibility one", n)
			}
		}},
		{"administrators see every award", admin, &ent.AwardWhereInput{}, func(t *testing.T, w any) {
			if n := len(w.(*ent.AwardWhereInput).Predicates); n != 0 {
				t.Errorf("%d predicates, want none", n)
			}
		}},
		{"staff nomination filters are scoped", staff, &ent.NominationWhereInput{}, func(t *testing.T, w any) {
			if n := len(w.(*ent.NominationWhereInput).Predicates); n != 1 {
				t.Errorf("%d predicates, want the scope", n)
			}
		}},
		{"public types are left alone", anonymous, &ent.CollectiveWhereInput{Name: ptr("Lê Lai")}, func(t *testing.T, w any) {
			if in := w.(*ent.CollectiveWhereInput); len(in.Predicates) != 0 || *in.Name != "Lê Lai" {
				t.Errorf("got %+v", in)
			}
		}},
		{"a name with another place for its tone mark matches both", anonymous, &ent.IndividualWhereInput{FullName: ptr("Trần Văn Hoà"),
			FullNameNotIn: []string{"Lê Thị Thuỷ"}}, func(t *testing.T, w any) {
			in := w.(*ent.IndividualWhereInput)
			if in.FullName != nil || in.FullNameNotIn != nil || len(in.Predicates) != 2 {
				t.Errorf("got %+v", in)
			}
		}},
		{"hasNominations: true tests visible nominations", anonymous, &ent.IndividualWhereInput{HasNominations: ptr(true)}, func(t *testing.T, w any) {
			in := w.(*ent.IndividualWhereInput)
			if in.HasNominations != nil || len(in.HasNominationsWith) != 1 || len(in.HasNominationsWith[0].Predicates) != 1 {
				t.Errorf("got %+v", in)
			}
		}},
		{"hasNominations: false negates the visible ones", anonymous, &ent.IndividualWhereInput{HasNominations: ptr(false)}, func(t *testing.T, w any) {
			in := w.(*ent.IndividualWhereInput)
			if in.HasNominations != nil || len(in.And) != 1 || in.And[0].Not == nil || len(in.And[0].Not.HasNominationsWith) != 1 {
				t.Errorf("got %+v", in)
			}
		}},
		{"administrators' hasNominations stays", admin, &ent.IndividualWhereInput{HasNominations: ptr(true)}, func(t *testing.T, w any) {
			if in := w.(*ent.IndividualWhereInput); in.HasNominations == nil || len(in.HasNominationsWith) != 0 {
				t.Errorf("got %+v", in)
			}
		}},
		{"fold comparisons become portable predicates", anonymous, &ent.IndividualWhereInput{FullNameContainsFold: ptr("HÒA")}, func(t *testing.T, w any) {
			in := w.(*ent.IndividualWhereInput)
			if in.FullNameContainsFold != nil || len(in.Predicates) != 1 {
				t.Errorf("got %+v", in)
			}
		}},
		{"exact text is canonical", anonymous, &ent.IndividualWhereInput{FullName: ptr(norm.NFD.String(" Lê Thị Lan ")),
			FullNameIn: []string{norm.NFD.String("Hà")}, FullNameHasPrefix: ptr("Nguyễn ")}, func(t *testing.T, w any) {
			in := w.(*ent.IndividualWhereInput)
			if in.FullName == nil || *in.FullName != "Lê Thị Lan" || in.FullNameIn[0] != "Hà" || *in.FullNameHasPrefix != "Nguyễn " {
				t.Errorf("got %+v", in)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Guard(tt.ctx, tt.where)
			tt.check(t, tt.where)
		})
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"FullName": "full_name", "Name": "name", "RecipientName": "recipient_name"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}
