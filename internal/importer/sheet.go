package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"vinhdanh/internal/textfold"
)

// column is a kind of column the federations' lists have, whatever its label.
type column int

const (
	colNo column = iota
	colName
	colBirthYear
	colGender
	colTitle
	colUnit
	colKind
	colLevel
	colCitation
	colPeriod
	colNumber
	colSignedOn
	colIssuer
	colCount // the number of kinds
)

// columnNames are the labels of each column in the lists people bring, folded (no diacritics,
// lower case): a header cell names a column when it is one of these or starts with one of them
// followed by more words ("Đơn vị công tác", "Thành tích đạt được"). The order decides between
// overlapping labels: the first match wins.
var columnNames = []struct {
	col    column
	labels []string
}{
	{colNo, []string{"stt", "tt", "so tt", "so thu tu"}},
	{colBirthYear, []string{"nam sinh", "ngay sinh", "ngay thang nam sinh"}},
	{colGender, []string{"gioi tinh", "nam nu"}},
	{colTitle, []string{"chuc vu", "chuc danh", "chuc vu chuc danh"}},
	{colUnit, []string{"don vi", "noi cong tac", "co quan don vi"}},
	{colKind, []string{"doi tuong", "loai doi tuong", "ca nhan tap the"}},
	{colLevel, []string{"hinh thuc", "danh hieu", "hinh thuc danh hieu", "hinh thuc khen thuong", "muc khen"}},
	{colCitation, []string{"thanh tich", "ly do", "noi dung khen thuong", "tom tat thanh tich"}},
	{colPeriod, []string{"thoi ky", "nam hoc", "nam", "giai doan", "nhiem ky", "thoi gian"}},
	{colNumber, []string{"so quyet dinh", "so qd", "quyet dinh so"}},
	{colSignedOn, []string{"ngay ky", "ngay quyet dinh", "ngay ban hanh", "ngay qd"}},
	{colIssuer, []string{"co quan khen thuong", "cap khen", "co quan ban hanh", "noi khen"}},
	{colName, []string{"ho va ten", "ho ten", "ten tap the", "ten ca nhan", "ten don vi ca nhan", "ten"}},
}

// headerName is how a report names a column: by its label in the file.
var columnLabel = [colCount]string{
	colNo: "STT", colName: "Họ và tên", colBirthYear: "Năm sinh", colGender: "Giới tính", colTitle: "Chức vụ",
	colUnit: "Đơn vị", colKind: "Đối tượng", colLevel: "Hình thức / Danh hiệu", colCitation: "Thành tích",
	colPeriod: "Năm học", colNumber: "Số quyết định", colSignedOn: "Ngày ký", colIssuer: "Cơ quan khen thưởng",
}

// classify names the column a header label stands for.
func classify(label string) (column, bool) {
	folded := textfold.Fold(label)
	if folded == "" {
		return 0, false
	}
	for _, c := range columnNames {
		for _, l := range c.labels {
			if folded == l || (len(l) > 3 && strings.HasPrefix(folded, l+" ")) {
				return c.col, true
			}
		}
	}
	return 0, false
}

// table is a list read from a file: where each column is, and the rows under the header.
type table struct {
	at     [colCount]int // the index of each column's cell; -1 when the file has none
	labels [colCount]string
	rows   []row
}

// row is one line under the header, numbered as the spreadsheet numbers it (from 1).
type row struct {
	number int
	cells  []string
}

func (t *table) has(c column) bool { return t.at[c] >= 0 }

// cell is the trimmed text of a column in a row, "" when the file has no such column.
func (t *table) cell(r row, c column) string {
	i := t.at[c]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// label names a column as the file does, for error messages.
func (t *table) label(c column) string {
	if t.labels[c] != "" {
		return t.labels[c]
	}
	return columnLabel[c]
}

// headerSearch is how far down the header row may be: title rows, the issuer's name, the
// decision's reference and a blank line or two come first on the paper forms.
const headerSearch = 30

// MaxRows bounds an import: a decision's list is long, a national archive is several files.
const MaxRows = 20_000

// ErrLayout means the file is not one of the lists we read.
var ErrLayout = errors.New("not a list of awards")

// readTable reads the first sheet of an .xlsx file, or a .csv file (UTF-8, with or without a
// byte-order mark; comma, semicolon or tab separated), and finds its header row by its labels.
func readTable(name string, data []byte) (*table, error) {
	var (
		records [][]string
		err     error
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		records, err = readXLSX(data)
	case ".csv", ".txt":
		records, err = readCSV(data)
	default:
		return nil, fmt.Errorf("%w: %q is neither .xlsx nor .csv", ErrLayout, name)
	}
	if err != nil {
		return nil, err
	}
	return findHeader(records)
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: the file is not a readable .xlsx workbook (%v)", ErrLayout, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no sheet", ErrLayout)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", sheets[0], err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("read sheet %q: %w", sheets[0], err)
		}
		out = append(out, cols)
		if len(out) > MaxRows+headerSearch {
			return nil, tooLong()
		}
	}
	return out, rows.Error()
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrLayout, err)
		}
		out = append(out, rec)
		if len(out) > MaxRows+headerSearch {
			return nil, tooLong()
		}
	}
}

func tooLong() error {
	return fmt.Errorf("%w: more than %d rows; split the file", ErrLayout, MaxRows)
}

// sniffComma picks the separator that occurs most in the first lines: Excel writes ';' where
// the decimal mark is a comma, as it is in Vietnamese settings.
func sniffComma(data []byte) rune {
	head := data[:min(len(data), 4096)]
	best, count := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if n := bytes.Count(head, []byte(string(c))); n > count {
			best, count = c, n
		}
	}
	return best
}

// findHeader finds the first row that names at least the recipient and the level, and the
// columns of every kind in it.
func findHeader(records [][]string) (*table, error) {
	for i, rec := range records[:min(len(records), headerSearch)] {
		t := &table{}
		for c := range t.at {
			t.at[c] = -1
		}
		for j, label := range rec {
			if c, ok := classify(label); ok && t.at[c] < 0 {
				t.at[c], t.labels[c] = j, textfold.NFCOnly(strings.Join(strings.Fields(label), " "))
			}
		}
		if !t.has(colName) || !t.has(colLevel) {
			continue
		}
		for k, cells := range records[i+1:] {
			for j := range cells {
				cells[j] = textfold.NFCOnly(cells[j])
			}
			t.rows = append(t.rows, row{number: i + k + 2, cells: cells})
		}
		return t, nil
	}
	return nil, fmt.Errorf("%w: no header row with a name column (\"Họ và tên\") and a level column (\"Hình thức\" or \"Danh hiệu\") in the first %d rows",
		ErrLayout, headerSearch)
}

// parseDay reads a signing date as people write it — 15/05/2024, 15-5-2024, 2024-05-15,
// "ngày 15 tháng 5 năm 2024" — or as Excel stores a date cell (a serial day number).
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if serial, err := strconv.ParseFloat(s, 64); err == nil && serial > 20000 && serial < 80000 {
		t, err := excelize.ExcelDateToTime(serial, false)
		if err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	words := strings.FieldsFunc(textfold.Fold(s), func(r rune) bool { return r == ' ' })
	var nums []int
	for _, w := range words {
		if n, err := strconv.Atoi(w); err == nil {
			nums = append(nums, n)
		}
	}
	if len(nums) == 3 {
		d, m, y := nums[0], nums[1], nums[2]
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if y > 1900 && m >= 1 && m <= 12 && t.Day() == d {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (write it as 15/05/2024)", s)
}
