package importer

import (
	"os"
	"testing"
	"time"

	"vinhdanh/internal/enum"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		label string
		want  column
		ok    bool
	}{
		{"STT", colNo, true},
		{"Họ và tên", colName, true},
		{"Ho va ten", colName, true},
		{"HỌ VÀ TÊN / TẬP THỂ", colName, true},
		{"Tên tập thể", colName, true},
		{"Năm sinh", colBirthYear, true},
		{"Năm học", colPeriod, true},
		{"Năm", colPeriod, true},
		{"Nam/Nữ", colGender, true},
		{"Đơn vị công tác", colUnit, true},
		{"Hình thức / Danh hiệu", colLevel, true},
		{"Danh hiệu đề nghị", colLevel, true},
		{"Thành tích đạt được", colCitation, true},
		{"Số quyết định", colNumber, true},
		{"Số QĐ", colNumber, true},
		{"Ngày ký", colSignedOn, true},
		{"Cơ quan khen thưởng", colIssuer, true},
		{"Ghi chú", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got, ok := classify(tt.label)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("classify(%q) = %v, %v; want %v, %v", tt.label, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestReadTable finds the header under the title rows of the decision list in testdata (UTF-8
// with a byte-order mark), and reads the same list semicolon-separated without one.
func TestReadTable(t *testing.T) {
	data, err := os.ReadFile("testdata/decision-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"decision-list.csv", data},
		{"semicolons.csv", []byte("Danh sách\nSTT;Họ và tên;Đơn vị;Hình thức;Năm học\n1;Nguyễn Văn A;Trường X;Giấy khen;2023-2024\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := readTable(tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if !tab.has(colName) || !tab.has(colLevel) || !tab.has(colUnit) || len(tab.rows) == 0 {
				t.Fatalf("table %+v", tab)
			}
			first := tab.rows[0]
			for _, r := range tab.rows {
				if tab.cell(r, colLevel) != "" {
					first = r
					break
				}
			}
			if tab.cell(first, colLevel) != "Giấy khen" {
				t.Errorf("first data row %d: %q", first.number, first.cells)
			}
		})
	}
	if _, err := readTable("notes.csv", []byte("chỉ là ghi chú\n")); err == nil {
		t.Error("a file without a header was read")
	}
	if _, err := readTable("list.pdf", data); err == nil {
		t.Error("a .pdf was read")
	}
}

func TestParseDay(t *testing.T) {
	want := time.Date(2024, 5, 15, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"15/05/2024", "15/5/2024", "15-05-2024", "15.05.2024", "2024-05-15", "ngày 15 tháng 5 năm 2024", "45427"} {
		t.Run(s, func(t *testing.T) {
			got, err := parseDay(s)
			if err != nil || !got.Equal(want) {
				t.Errorf("parseDay(%q) = %v, %v", s, got, err)
			}
		})
	}
	for _, s := range []string{"31/02/2024", "hôm qua", "15/13/2024"} {
		if _, err := parseDay(s); err == nil {
			t.Errorf("parseDay(%q) accepted", s)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		cell       string
		kind       enum.PeriodKind
		want       string
		wantsError bool
	}{
		{"Năm học 2023-2024", enum.PeriodCalendarYear, "Năm học 2023-2024", false},
		{"2023-2024", enum.PeriodSchoolYear, "Năm học 2023-2024", false},
		{"2023 - 2024", enum.PeriodSchoolYear, "Năm học 2023-2024", false},
		{"Năm 2024", enum.PeriodSchoolYear, "Năm 2024", false},
		{"Nhiệm kỳ 2023-2028", enum.PeriodSchoolYear, "Nhiệm kỳ 2023-2028", false},
		{"Giai đoạn 2021-2025", enum.PeriodSchoolYear, "Giai đoạn 2021-2025", false},
		{"2023-2025", enum.PeriodSchoolYear, "", true},
		{"2024", enum.PeriodSchoolYear, "", true},
		{"năm ngoái", enum.PeriodSchoolYear, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			p, err := parsePeriod(tt.cell, tt.kind)
			if (err != nil) != tt.wantsError || (err == nil && p.Name() != tt.want) {
				t.Errorf("parsePeriod(%q) = %v, %v; want %q", tt.cell, p.Name(), err, tt.want)
			}
		})
	}
}
