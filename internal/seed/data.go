package seed

import "vinhdanh/internal/enum"

// The demo records of the five seed articles (shared/seeds, summarised in seed-facts.md).
// Keys are local to this file. Where an article gives only a count, the recipients below are
// invented and their citation says so; multi-year totals ("nhiệm kỳ qua", "5 năm") are not
// events and have no award rows.

// demoNote marks every record this file invents.
const demoNote = "Bản ghi minh hoạ (demo): bài viết chỉ nêu số lượng, không nêu tên."

type unit struct {
	key, name, short string
	kind             enum.CollectiveKind
	tier             enum.Tier
	parent           string
	ownership        string // PUBLIC, NON_PUBLIC or empty
	founded          string // YYYY-MM-DD or empty
	dissolved        string
	note             string
}

type person struct {
	key, name, gender string
	positions         []post
}

type post struct {
	title, unit, from, source string
}

var units = []unit{
	// Union track.
	{key: "tld", name: "Tổng Liên đoàn Lao động Việt Nam", short: "Tổng LĐLĐ Việt Nam", kind: enum.KindConfederation, tier: enum.TierNational},
	{key: "cdgdvn", name: "Công đoàn Giáo dục Việt Nam", short: "CĐGD Việt Nam", kind: enum.KindSectorUnion, tier: enum.TierNational, parent: "tld"},
	{key: "ldld-hn", name: "Liên đoàn Lao động thành phố Hà Nội", short: "LĐLĐ thành phố Hà Nội", kind: enum.KindCityFederation, tier: enum.TierCity, parent: "tld"},
	{key: "ldld-laocai", name: "Liên đoàn Lao động tỉnh Lào Cai", short: "LĐLĐ tỉnh Lào Cai", kind: enum.KindCityFederation, tier: enum.TierCity, parent: "tld",
		note: "Suy ra: cấp trên của LĐLĐ thị xã Sa Pa (bài A1 không nêu)."},
	{key: "cdn-gd-hn", name: "Công đoàn ngành Giáo dục Hà Nội", short: "Công đoàn ngành Giáo dục HN", kind: enum.KindSectorUnion, tier: enum.TierDistrict, parent: "ldld-hn",
		note: "Cấp công đoàn cấp trên trực tiếp cơ sở chưa được xác nhận."},
	{key: "ldld-hbt", name: "Liên đoàn Lao động quận Hai Bà Trưng", short: "LĐLĐ quận Hai Bà Trưng", kind: enum.KindDistrictFederation, tier: enum.TierDistrict, parent: "ldld-hn",
		note: "Trực tiếp quản lý 97 CĐCS khối trường học (61 công lập, 36 ngoài công lập), 3.078 đoàn viên/3.355 người lao động (năm học 2022-2023)."},
	{key: "ldld-thanhtri", name: "Liên đoàn Lao động huyện Thanh Trì", short: "LĐLĐ huyện Thanh Trì", kind: enum.KindDistrictFederation, tier: enum.TierDistrict, parent: "ldld-hn"},
	{key: "ldld-myduc", name: "Liên đoàn Lao động huyện Mỹ Đức", short: "LĐLĐ huyện Mỹ Đức", kind: enum.KindDistrictFederation, tier: enum.TierDistrict, parent: "ldld-hn"},
	{key: "ldld-hoankiem", name: "Liên đoàn Lao động quận Hoàn Kiếm", short: "LĐLĐ quận Hoàn Kiếm", kind: enum.KindDistrictFederation, tier: enum.TierDistrict, parent: "ldld-hn",
		note: "Suy ra: cấp trên của CĐCS trường học quận Hoàn Kiếm."},
	{key: "ldld-sapa", name: "Liên đoàn Lao động thị xã Sa Pa", short: "LĐLĐ thị xã Sa Pa", kind: enum.KindDistrictFederation, tier: enum.TierDistrict, parent: "ldld-laocai"},
	{key: "cd-banho", name: "Công đoàn Trường Phổ thông dân tộc bán trú Tiểu học Bản Hồ", short: "CĐ Trường PTDTBT TH Bản Hồ", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-sapa", ownership: "PUBLIC"},

	// Thanh Trì (A0, A3).
	{key: "cd-mnb-vandien", name: "Công đoàn Trường Mầm non B thị trấn Văn Điển", short: "CĐ Trường MN B TT Văn Điển", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-thanhtri", ownership: "PUBLIC",
		note: "Không nhầm với Trường Mẫu giáo Mầm non B quận Hoàn Kiếm."},
	{key: "cd-th-tamhiep", name: "Công đoàn Trường Tiểu học Tam Hiệp", short: "CĐ Trường TH Tam Hiệp", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-thanhtri", ownership: "PUBLIC"},

	// Mỹ Đức (A4): schools merged and split in năm học 2023-2024; the old CĐCS were dissolved
	// and new ones founded. The article gives neither dates nor the new names: both are demo.
	{key: "cd-mn-phungxa", name: "Công đoàn Trường Mầm non Phùng Xá", short: "CĐ Trường MN Phùng Xá", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC"},
	{key: "cd-th-dainghia", name: "Công đoàn Trường Tiểu học thị trấn Đại Nghĩa", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		dissolved: "2023-09-05", note: "Giải thể khi sáp nhập trường (năm học 2023-2024); ngày giải thể là minh hoạ."},
	{key: "cd-thcs-dainghia", name: "Công đoàn Trường THCS thị trấn Đại Nghĩa", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		dissolved: "2023-09-05", note: "Giải thể khi sáp nhập trường (năm học 2023-2024); ngày giải thể là minh hoạ."},
	{key: "cd-thcs-th-dainghia", name: "Công đoàn Trường Tiểu học và THCS thị trấn Đại Nghĩa", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		founded: "2023-09-06", note: "Thành lập sau sáp nhập; tên và ngày thành lập là minh hoạ."},
	{key: "cd-mn-hoptien", name: "Công đoàn Trường Mầm non Hợp Tiến", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		dissolved: "2023-09-05", note: "Giải thể khi tách trường (năm học 2023-2024); ngày giải thể là minh hoạ."},
	{key: "cd-mn-hoptien-a", name: "Công đoàn Trường Mầm non Hợp Tiến A", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		founded: "2023-09-06", note: "Thành lập sau khi tách trường; tên và ngày là minh hoạ."},
	{key: "cd-mn-hoptien-b", name: "Công đoàn Trường Mầm non Hợp Tiến B", kind: enum.KindGrassrootsUnion, tier: enum.TierGrassroots, parent: "ldld-myduc", ownership: "PUBLIC",
		founded: "2023-09-06", note: "Thành lập sau khi tách trường; tên và ngày là minh hoạ."},

	// State and education track.
	{key: "ubnd-hn", name: "Ủy ban nhân dân thành phố Hà Nội", short: "UBND TP Hà Nội", kind: enum.KindGovernmentBody, tier: enum.TierCity},
	{key: "so-gddt-hn", name: "Sở Giáo dục và Đào tạo Hà Nội", short: "Sở GD&ĐT Hà Nội", kind: enum.KindGovernmentBody, tier: enum.TierCity, parent: "ubnd-hn"},
	{key: "phong-gd-hbt", name: "Phòng Giáo dục và Đào tạo quận Hai Bà Trưng", short: "Phòng GD&ĐT quận Hai Bà Trưng", kind: enum.KindGovernmentBody, tier: enum.TierDistrict, parent: "so-gddt-hn"},
	{key: "phong-gd-thanhtri", name: "Phòng Giáo dục và Đào tạo huyện Thanh Trì", short: "Phòng GD&ĐT huyện Thanh Trì", kind: enum.KindGovernmentBody, tier: enum.TierDistrict, parent: "so-gddt-hn"},
	{key: "phong-gd-hoankiem", name: "Phòng Giáo dục và Đào tạo quận Hoàn Kiếm", short: "Phòng GD&ĐT quận Hoàn Kiếm", kind: enum.KindGovernmentBody, tier: enum.TierDistrict, parent: "so-gddt-hn",
		note: "Suy ra: cơ quan quản lý của Trường Mẫu giáo Mầm non B."},
	{key: "mgb-hoankiem", name: "Trường Mẫu giáo Mầm non B", short: "Trường MG Mầm non B (Hoàn Kiếm)", kind: enum.KindSchool, tier: enum.TierGrassroots, parent: "phong-gd-hoankiem", ownership: "PUBLIC",
		note: "Quận Hoàn Kiếm. Không nhầm với Trường Mầm non B thị trấn Văn Điển (Thanh Trì)."},
	{key: "quanuy-hbt", name: "Quận ủy Hai Bà Trưng", kind: enum.KindPartyBody, tier: enum.TierDistrict},
	{key: "bdv-hbt", name: "Ban Dân vận Quận ủy Hai Bà Trưng", kind: enum.KindPartyBody, tier: enum.TierDistrict, parent: "quanuy-hbt"},
}

// hbtUnions are the grassroots unions of Hai Bà Trưng schools that receive A1's collective
// awards. The first nine are named in A1; the rest are plausible demo units.
var hbtUnions = []struct {
	key, school string
	named       bool
}{
	{"cd-th-tohoang", "Trường Tiểu học Tô Hoàng", true},
	{"cd-th-luongyen", "Trường Tiểu học Lương Yên", true},
	{"cd-th-batrieu", "Trường Tiểu học Bà Triệu", true},
	{"cd-th-levantam", "Trường Tiểu học Lê Văn Tám", true},
	{"cd-th-tayson", "Trường Tiểu học Tây Sơn", true},
	{"cd-th-quynhmai", "Trường Tiểu học Quỳnh Mai", true},
	{"cd-th-trungtrac", "Trường Tiểu học Trưng Trắc", true},
	{"cd-th-lengochan", "Trường Tiểu học Lê Ngọc Hân", true},
	{"cd-th-bachmai", "Trường Tiểu học Bạch Mai", true},
	{"cd-thcs-ngogiatu", "Trường THCS Ngô Gia Tự", false},
	{"cd-thcs-tohoang", "Trường THCS Tô Hoàng", false},
	{"cd-thcs-vanho", "Trường THCS Vân Hồ", false},
	{"cd-thcs-doanket", "Trường THCS Đoàn Kết", false},
	{"cd-thcs-hahuytap", "Trường THCS Hà Huy Tập", false},
	{"cd-thcs-lengochan", "Trường THCS Lê Ngọc Hân", false},
	{"cd-thcs-ngoquyen", "Trường THCS Ngô Quyền", false},
	{"cd-th-vinhtuy", "Trường Tiểu học Vĩnh Tuy", false},
	{"cd-th-minhkhai", "Trường Tiểu học Minh Khai", false},
	{"cd-th-thanhluong", "Trường Tiểu học Thanh Lương", false},
	{"cd-th-dongnhan", "Trường Tiểu học Đống Nhân", false},
	{"cd-mn-hoasen", "Trường Mầm non Hoa Sen", false},
	{"cd-mn-vinhtuy", "Trường Mầm non Vĩnh Tuy", false},
	{"cd-mn-thanhnhan", "Trường Mầm non Thanh Nhàn", false},
	{"cd-mn-quynhloi", "Trường Mầm non Quỳnh Lôi", false},
	{"cd-mn-bachkhoa", "Trường Mầm non Bách Khoa", false},
	{"cd-mn-dongtam", "Trường Mầm non Đồng Tâm", false},
	{"cd-mn-truongdinh", "Trường Mầm non Trương Định", false},
}

const (
	srcA0 = "Bài A0: Chương trình phối hợp LĐLĐ và Phòng GD&ĐT huyện Thanh Trì, 22/2/2022"
	srcA1 = "Bài A1: Hội nghị tổng kết công đoàn khối Giáo dục quận Hai Bà Trưng, 30/8/2023"
	srcA2 = "Bài A2: Kế hoạch phối hợp Sở GD&ĐT và Công đoàn ngành Giáo dục Hà Nội, năm học 2021-2022"
	srcA3 = "Bài A3: Công đoàn khối Giáo dục huyện Thanh Trì (không rõ ngày)"
)

var people = []person{
	{"khanh", "Nguyễn Huy Khánh", "MALE", []post{{"Phó Chủ tịch", "ldld-hn", "", srcA1}}},
	{"dung", "Nguyễn Thị Kim Dung", "FEMALE", []post{{"Chủ tịch", "ldld-hbt", "", srcA1}}},
	{"ngoc", "Nguyễn Thị Bích Ngọc", "FEMALE", []post{{"Phó Trưởng Ban", "bdv-hbt", "", srcA1}}},
	{"huong", "Nguyễn Thị Hương", "FEMALE", []post{{"Đoàn viên công đoàn", "cd-th-bachmai", "", srcA1}}},
	{"luong-anh-dung", "Lương Anh Dũng", "MALE", []post{{"Chủ tịch", "ldld-thanhtri", "", srcA0}}},
	{"ngat", "Phạm Văn Ngát", "MALE", []post{{"Trưởng phòng", "phong-gd-thanhtri", "", srcA0}}},
	{"cuong", "Trần Thế Cương", "MALE", []post{{"Giám đốc", "so-gddt-hn", "", srcA2}}},
	{"thu-ha", "Trần Thị Thu Hà", "FEMALE", []post{{"Chủ tịch", "cdn-gd-hn", "", srcA2}}},
	{"vinh", "Phạm Bá Vĩnh", "MALE", []post{{"Phó Chủ tịch", "ldld-hn", "", srcA3}}},
	{"tuyet", "Phạm Thị Tuyết", "FEMALE", []post{{"Chủ tịch Công đoàn", "cd-mnb-vandien", "", srcA3}}},
	{"luyen", "Ngô Thị Luyến", "FEMALE", []post{{"Chủ tịch Công đoàn", "cd-th-tamhiep", "", srcA3}}},
	{"van-anh", "Phạm Thị Vân Anh", "FEMALE", []post{{"Phó Trưởng phòng", "phong-gd-thanhtri", "", srcA3}}},
	// Lương Anh Dũng chaired LĐLĐ huyện Thanh Trì in A0 (2022), Nguyễn Danh Huy in A3: two
	// positions in one unit, each attested by its own article.
	{"huy", "Nguyễn Danh Huy", "MALE", []post{{"Chủ tịch", "ldld-thanhtri", "", srcA3}}},
}

// demoPeople are the invented individual recipients of A1 and A3, each with a post in a unit.
var demoPeople = []person{
	{"a1-n1", "Lê Thị Thu Trang", "FEMALE", []post{{"Chủ tịch Công đoàn", "cd-th-tohoang", "", demoNote}}},
	{"a1-n2", "Đặng Văn Đức", "MALE", []post{{"Giáo viên", "cd-thcs-ngogiatu", "", demoNote}}},
	{"a1-c1", "Phạm Thị Minh Hằng", "FEMALE", []post{{"Giáo viên", "cd-th-luongyen", "", demoNote}}},
	{"a1-c2", "Vũ Thị Ngọc Anh", "FEMALE", []post{{"Chủ tịch Công đoàn", "cd-th-batrieu", "", demoNote}}},
	{"a1-c3", "Hoàng Minh Tuấn", "MALE", []post{{"Giáo viên", "cd-thcs-vanho", "", demoNote}}},
	{"a1-c4", "Nguyễn Thị Lan Phương", "FEMALE", []post{{"Giáo viên", "cd-mn-hoasen", "", demoNote}}},
	{"a1-c5", "Trịnh Thị Hồng Nhung", "FEMALE", []post{{"Phó Chủ tịch Công đoàn", "cd-th-quynhmai", "", demoNote}}},
	{"a1-c6", "Bùi Quang Huy", "MALE", []post{{"Giáo viên", "cd-thcs-doanket", "", demoNote}}},
	{"a3-n1", "Nguyễn Thị Thanh Huyền", "FEMALE", []post{{"Giáo viên", "cd-mnb-vandien", "", demoNote}}},
	{"a3-n2", "Đỗ Thị Mai", "FEMALE", []post{{"Chủ tịch Công đoàn", "cd-th-tamhiep", "", demoNote}}},
	{"a3-n3", "Lưu Văn Đông", "MALE", []post{{"Giáo viên", "cd-th-tamhiep", "", demoNote}}},
	{"a3-n4", "Ngô Thị Hoa", "FEMALE", []post{{"Kế toán", "cd-mnb-vandien", "", demoNote}}},
}

type movement struct {
	key, name, kind, launched string
	periodKind                enum.PeriodKind
	start, end                int
	launchers                 []string
	description               string
}

var movements = []movement{
	{"a0-programme", "Chương trình phối hợp giữa LĐLĐ huyện Thanh Trì và Phòng GD&ĐT huyện Thanh Trì giai đoạn 2022-2025", "PROGRAMME", "2022-02-22", enum.PeriodPhase, 2022, 2025,
		[]string{"ldld-thanhtri", "phong-gd-thanhtri"}, "8 nội dung phối hợp; sơ kết hằng năm vào cuối năm học."},
	{"a0-ldg", "Lao động giỏi - Lao động sáng tạo", "MOVEMENT", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-daytot", "Dạy tốt - học tốt - quản lý tốt", "MOVEMENT", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-doimoi", "Đổi mới sáng tạo trong dạy và học", "MOVEMENT", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-gioiviectruong", "Giỏi việc trường - Đảm việc nhà", "MOVEMENT", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-nguoitot", "Người tốt - việc tốt", "MOVEMENT", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-dankikuong", "Dân chủ - kỷ cương - tình thương - trách nhiệm", "CAMPAIGN", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-tamguong", "Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo", "CAMPAIGN", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a0-doday", "Nhà giáo Hà Nội đỡ đầu học sinh nghèo, học sinh có hoàn cảnh khó khăn đặc biệt", "CAMPAIGN", "", "", 0, 0, []string{"ldld-thanhtri", "phong-gd-thanhtri"}, ""},
	{"a1-daytot", "Dạy tốt, học tốt", "MOVEMENT", "", enum.PeriodSchoolYear, 2022, 2023, []string{"ldld-hbt", "phong-gd-hbt"}, ""},
	{"a1-gioiviectruong", "Giỏi việc trường, đảm việc nhà", "MOVEMENT", "", enum.PeriodSchoolYear, 2022, 2023, []string{"ldld-hbt"}, ""},
	{"a1-sangkien", "Sáng kiến, sáng tạo trong CNVCLĐ quận Hai Bà Trưng", "MOVEMENT", "", enum.PeriodCalendarYear, 2023, 2023, []string{"ldld-hbt"},
		"Năm 2023: 279 sáng kiến, sáng tạo được biểu dương, trong đó 273 của các trường học."},
	{"a1-stem", "Đề án thí điểm giáo dục STEM cấp Tiểu học và THCS quận Hai Bà Trưng", "PROGRAMME", "", "", 0, 0, []string{"phong-gd-hbt"}, ""},
	{"a1-1trieu", "1 triệu sáng kiến - nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19", "PROGRAMME", "", "", 0, 0, []string{"tld", "ldld-hn"},
		"LĐLĐ quận Hai Bà Trưng được giao 3.300 sáng kiến; giai đoạn 1: 1.066/1.718; giai đoạn 2 từ 6/2022 đến 31/8/2023."},
	{"a2-plan", "Kế hoạch phối hợp giữa Sở GD&ĐT Hà Nội và Công đoàn ngành Giáo dục Hà Nội năm học 2021-2022", "PROGRAMME", "2021-09-25", enum.PeriodSchoolYear, 2021, 2022,
		[]string{"so-gddt-hn", "cdn-gd-hn"}, "4 nội dung phối hợp; kiểm tra liên ngành của Thanh tra Sở và Ủy ban kiểm tra Công đoàn ngành."},
	{"a2-haitot", "Hai tốt", "MOVEMENT", "", enum.PeriodSchoolYear, 2021, 2022, []string{"so-gddt-hn", "cdn-gd-hn"}, ""},
	{"a2-hanhphuc", "Xây dựng trường học hạnh phúc", "MOVEMENT", "", enum.PeriodSchoolYear, 2021, 2022, []string{"so-gddt-hn", "cdn-gd-hn"}, ""},
	{"a2-ungxu", "Nâng cao năng lực ứng xử sư phạm, đạo đức nhà giáo, người lao động đáp ứng giáo dục trong tình hình mới", "MOVEMENT", "", enum.PeriodSchoolYear, 2021, 2022, []string{"so-gddt-hn", "cdn-gd-hn"}, ""},
	{"a3-ldg", "Lao động giỏi và xây dựng tổ chức Công đoàn vững mạnh", "MOVEMENT", "", "", 0, 0, []string{"tld"}, ""},
}
