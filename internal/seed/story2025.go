package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/user"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/reorg"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
)

// The 2025 story of the demo: from 1 July 2025 Vietnam has two tiers of local government and
// the union federations reorganised alongside. How Hà Nội regrouped its district federations
// is not confirmed here, so the demo shows the shape of it with an illustrative successor:
// LĐLĐ quận Hai Bà Trưng is dissolved on 2025-07-01 and its school unions move to the
// successor body. Its 2022-2023 rolls and tallies stay what they were.
const (
	Successor2025      = "Công đoàn khu vực Hai Bà Trưng (minh hoạ)"
	SuccessorStaff2025 = "staff.khuvuc-hbt@demo.vinhdanh.vn"
	hbtName            = "Liên đoàn Lao động quận Hai Bà Trưng"
)

// Reorganised2025 is the day the 2025 story takes effect.
var Reorganised2025 = time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC)

// ErrStoryDone is returned when the 2025 story is already in the database.
var ErrStoryDone = errors.New("the 2025 reorganisation is already recorded")

// Story2025 records the 2025 reorganisation on the demo records, in one transaction, and, with
// a password, the successor's demo account.
func Story2025(ctx context.Context, c *ent.Client, password string) error {
	ctx = rule.SystemContext(ctx)
	if done, err := c.Collective.Query().Where(collective.Name(Successor2025)).Exist(ctx); err != nil {
		return fmt.Errorf("2025 story: %w", err)
	} else if done {
		return ErrStoryDone
	}
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("2025 story: begin: %w", err)
	}
	if err := story2025(ctx, tx.Client()); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("2025 story: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("2025 story: commit: %w", err)
	}
	if password == "" {
		return nil
	}
	id, err := c.Collective.Query().Where(collective.Name(Successor2025)).OnlyID(ctx)
	if err != nil {
		return fmt.Errorf("2025 story: %w", err)
	}
	_, err = auth.CreateUser(ctx, c, ent.CreateUserInput{Email: SuccessorStaff2025,
		DisplayName: "Cán bộ Công đoàn khu vực Hai Bà Trưng (demo)", Role: user.RoleSTAFF, ScopeID: &id}, password)
	return err
}

func story2025(ctx context.Context, c *ent.Client) error {
	hbt, err := c.Collective.Query().Where(collective.Name(hbtName)).Only(ctx)
	if err != nil {
		return err
	}
	day := Reorganised2025
	succ, err := c.Collective.Create().SetName(Successor2025).SetShortName("CĐ khu vực Hai Bà Trưng").
		SetKind(enum.KindDistrictFederation).SetTier(enum.TierDistrict).SetParentID(*hbt.ParentID).SetFoundedOn(day).
		SetNote("Đơn vị minh hoạ (demo) cho việc sắp xếp năm 2025: tên và cấp của đơn vị kế thừa chưa được xác nhận.").
		Save(ctx)
	if err != nil {
		return err
	}
	children, err := tree.ChildrenAt(ctx, c, hbt.ID, day.AddDate(0, 0, -1))
	if err != nil {
		return err
	}
	in := reorg.Input{EffectiveOn: day, Note: "Sắp xếp tổ chức công đoàn từ 01/7/2025 (minh hoạ)",
		Dissolutions: []reorg.Dissolution{{CollectiveID: hbt.ID, SuccessorIDs: []int{succ.ID}}}}
	for _, u := range children {
		in.Moves = append(in.Moves, reorg.Move{CollectiveID: u.ID, NewParentID: succ.ID})
	}
	_, err = reorg.Apply(ctx, c, in)
	return err
}
