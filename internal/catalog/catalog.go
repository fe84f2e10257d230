// Package catalog holds the built-in award levels: the forms of commendation, emulation
// titles and recognitions that Vietnamese trade unions and the education sector give. They
// are data, not code: Ensure adds the missing ones at start-up, federations may add more,
// and nothing here is ever overwritten once an operator has edited it.
package catalog

import (
	"context"
	"fmt"

	"vinhdanh/ent"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
)

// Codes of the levels that other code and tests refer to by name.
const (
	NationalBangKhen = "NATIONAL_BANG_KHEN"
	CityCoThiDua     = "CITY_CO_THI_DUA"
	CityBangKhen     = "CITY_BANG_KHEN"
	DistrictGiayKhen = "DISTRICT_GIAY_KHEN"
)

// Level is one built-in catalogue entry.
type Level struct {
	Code        string
	Name        string
	Category    awardlevel.Category
	Tier        enum.Tier
	IssuerKind  enum.CollectiveKind
	Rank        int
	Collective  bool
	Individual  bool
	Description string
}

// Levels is the built-in catalogue, highest rank first. Ranks leave gaps so federations can
// slot their own levels in between.
var Levels = []Level{
	{"NATIONAL_CO_THI_DUA", "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam", awardlevel.CategoryTITLE, enum.TierNational, enum.KindConfederation, 950, true, false,
		"Cho đơn vị dẫn đầu cụm, khối thi đua. Cờ thi đua là danh hiệu thi đua, không phải hình thức khen thưởng."},
	{NationalBangKhen, "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", awardlevel.CategoryFORM, enum.TierNational, enum.KindConfederation, 900, true, true,
		"Bằng khen toàn diện của Tổng LĐLĐ Việt Nam."},
	{"MINISTRY_BANG_KHEN", "Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo", awardlevel.CategoryFORM, enum.TierNational, enum.KindGovernmentBody, 890, true, true, ""},
	{"EDUCATION_UNION_BANG_KHEN", "Bằng khen của Công đoàn Giáo dục Việt Nam", awardlevel.CategoryFORM, enum.TierNational, enum.KindSectorUnion, 870, true, true, ""},
	{"NATIONAL_BANG_KHEN_GIOI_VIEC_NUOC", "Bằng khen chuyên đề \"Giỏi việc nước, đảm việc nhà\" của Tổng Liên đoàn Lao động Việt Nam", awardlevel.CategoryFORM, enum.TierNational, enum.KindConfederation, 860, true, true,
		"Bằng khen chuyên đề; ở cùng một cấp, khen toàn diện và khen chuyên đề loại trừ nhau (trừ sơ kết, tổng kết theo đợt và khen đột xuất)."},
	{CityCoThiDua, "Cờ thi đua xuất sắc của Liên đoàn Lao động Thành phố", awardlevel.CategoryTITLE, enum.TierCity, enum.KindCityFederation, 800, true, false,
		"Cho CĐCS hoặc công đoàn cấp trên trực tiếp cơ sở hoàn thành xuất sắc nhiệm vụ."},
	{"CITY_PEOPLES_COMMITTEE_BANG_KHEN", "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố", awardlevel.CategoryFORM, enum.TierCity, enum.KindGovernmentBody, 760, true, true, ""},
	{CityBangKhen, "Bằng khen của Liên đoàn Lao động Thành phố", awardlevel.CategoryFORM, enum.TierCity, enum.KindCityFederation, 700, true, true, ""},
	{"CITY_NHA_GIAO_TAM_HUYET", "Nhà giáo Hà Nội tâm huyết, sáng tạo", awardlevel.CategoryRECOGNITION, enum.TierCity, enum.KindGovernmentBody, 650, false, true,
		"Sở GD&ĐT và Công đoàn ngành Giáo dục Hà Nội tôn vinh; xét chọn qua vòng trường, quận/huyện, thành phố."},
	{DistrictGiayKhen, "Giấy khen của Liên đoàn Lao động quận, huyện", awardlevel.CategoryFORM, enum.TierDistrict, enum.KindDistrictFederation, 500, true, true, ""},
	{"DISTRICT_EDUCATION_GIAY_KHEN", "Giấy khen của Trưởng phòng Giáo dục và Đào tạo", awardlevel.CategoryFORM, enum.TierDistrict, enum.KindGovernmentBody, 480, true, true,
		"Phòng GD&ĐT quận, huyện khen giáo viên và trường trong địa bàn."},
	{"COLLECTIVE_LAO_DONG_XUAT_SAC", "Tập thể lao động xuất sắc", awardlevel.CategoryTITLE, enum.TierDistrict, enum.KindGovernmentBody, 450, true, false,
		"Cấp có thẩm quyền công nhận chưa được xác nhận; giữ là dữ liệu để điều chỉnh."},
	{"GRASSROOTS_CHIEN_SI_THI_DUA", "Chiến sĩ thi đua cơ sở", awardlevel.CategoryTITLE, enum.TierGrassroots, enum.KindSchool, 400, false, true,
		"Điều kiện: đạt Lao động tiên tiến và có sáng kiến hoặc hoàn thành xuất sắc nhiệm vụ. Tỷ lệ tối đa thay đổi theo văn bản: cấu hình được."},
	{"UNION_CDCS_VUNG_MANH", "Công đoàn cơ sở vững mạnh", awardlevel.CategoryTITLE, enum.TierDistrict, enum.KindDistrictFederation, 350, true, false, ""},
	{"DISTRICT_BIEU_DUONG", "Biểu dương của Liên đoàn Lao động quận, huyện", awardlevel.CategoryRECOGNITION, enum.TierDistrict, enum.KindDistrictFederation, 300, true, true,
		"Biểu dương không phải hình thức khen thưởng theo Luật Thi đua, khen thưởng."},
	{"COLLECTIVE_LAO_DONG_TIEN_TIEN", "Tập thể lao động tiên tiến", awardlevel.CategoryTITLE, enum.TierGrassroots, enum.KindGovernmentBody, 250, true, false, ""},
	{"GRASSROOTS_LAO_DONG_TIEN_TIEN", "Lao động tiên tiến", awardlevel.CategoryTITLE, enum.TierGrassroots, enum.KindSchool, 200, false, true,
		"Một số văn bản gọi là \"Lao động giỏi\"."},
	{"GRASSROOTS_GIOI_VIEC_NUOC", "Giỏi việc nước, đảm việc nhà (cấp cơ sở)", awardlevel.CategoryRECOGNITION, enum.TierGrassroots, enum.KindGrassrootsUnion, 150, false, true,
		"Trong ngành giáo dục thường gọi là \"Giỏi việc trường, đảm việc nhà\"."},
	{"UNION_DOAN_VIEN_XUAT_SAC", "Đoàn viên công đoàn xuất sắc", awardlevel.CategoryTITLE, enum.TierGrassroots, enum.KindGrassrootsUnion, 120, false, true, ""},
	{"GRASSROOTS_GIAY_KHEN", "Giấy khen của Ban Chấp hành Công đoàn cơ sở", awardlevel.CategoryFORM, enum.TierGrassroots, enum.KindGrassrootsUnion, 100, true, true, ""},
}

// Ensure inserts the built-in levels that are missing, in one transaction, and leaves
// existing ones as they are.
func Ensure(ctx context.Context, c *ent.Client) error {
	ctx = rule.SystemContext(ctx)
	existing, err := c.AwardLevel.Query().Select(awardlevel.FieldCode).Strings(ctx)
	if err != nil {
		return fmt.Errorf("read award levels: %w", err)
	}
	have := make(map[string]bool, len(existing))
	for _, code := range existing {
		have[code] = true
	}
	var missing []*ent.AwardLevelCreate
	for _, l := range Levels {
		if have[l.Code] {
			continue
		}
		missing = append(missing, c.AwardLevel.Create().
			SetCode(l.Code).SetName(l.Name).SetCategory(l.Category).SetTier(l.Tier).
			SetIssuerKind(l.IssuerKind).SetRank(l.Rank).
			SetAcceptsCollective(l.Collective).SetAcceptsIndividual(l.Individual).
			SetDescription(l.Description))
	}
	if len(missing) > 0 {
		if err := c.AwardLevel.CreateBulk(missing...).Exec(ctx); err != nil {
			return fmt.Errorf("add built-in award levels: %w", err)
		}
	}
	// Corrections of earlier built-in entries, applied only where the entry still has the value
	// we shipped (an operator's own choice is kept).
	for _, f := range fixes {
		if err := c.AwardLevel.Update().Where(awardlevel.Code(f.code), awardlevel.IssuerKindEQ(f.was)).
			SetIssuerKind(f.now).Exec(ctx); err != nil {
			return fmt.Errorf("correct the issuer of %s: %w", f.code, err)
		}
	}
	return ensureRules(ctx, c)
}

// fixes are built-in entries whose issuer changed: Lao động tiên tiến and Chiến sĩ thi đua
// cơ sở are given by the head of the unit (for a school, its principal), not by a government
// body above it.
var fixes = []struct {
	code     string
	was, now enum.CollectiveKind
}{
	{"GRASSROOTS_LAO_DONG_TIEN_TIEN", enum.KindGovernmentBody, enum.KindSchool},
	{"GRASSROOTS_CHIEN_SI_THI_DUA", enum.KindGovernmentBody, enum.KindSchool},
}

// Rule is a built-in prerequisite: Level needs MinCount awards of Required within WithinYears
// periods of the same kind before the nomination's own.
type Rule struct {
	Level, Required       string
	MinCount, WithinYears int
	Description           string
}

// Rules are the prerequisites domain research confirms. Others stay to the operators.
var Rules = []Rule{
	{"GRASSROOTS_CHIEN_SI_THI_DUA", "GRASSROOTS_LAO_DONG_TIEN_TIEN", 1, 0,
		"Chiến sĩ thi đua cơ sở: phải đạt danh hiệu Lao động tiên tiến trong cùng kỳ (Luật Thi đua, khen thưởng 2022, Điều 23)."},
}

// ensureRules adds the built-in rules of levels that have none yet, so an operator who
// removed or replaced them keeps their choice.
func ensureRules(ctx context.Context, c *ent.Client) error {
	for _, r := range Rules {
		level, err := c.AwardLevel.Query().Where(awardlevel.Code(r.Level)).Only(ctx)
		if err != nil {
			return fmt.Errorf("rule for %s: %w", r.Level, err)
		}
		n, err := level.QueryEligibilityRules().Count(ctx)
		if err != nil {
			return fmt.Errorf("rules of %s: %w", r.Level, err)
		}
		if n > 0 {
			continue
		}
		required, err := c.AwardLevel.Query().Where(awardlevel.Code(r.Required)).OnlyID(ctx)
		if err != nil {
			return fmt.Errorf("rule for %s: required level %s: %w", r.Level, r.Required, err)
		}
		if err := c.EligibilityRule.Create().SetLevel(level).SetRequiredLevelID(required).
			SetMinCount(r.MinCount).SetWithinYears(r.WithinYears).SetDescription(r.Description).Exec(ctx); err != nil {
			return fmt.Errorf("add the rule of %s: %w", r.Level, err)
		}
	}
	return nil
}
