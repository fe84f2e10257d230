package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkImport imports a decision list of 10,000 awards to people the record does not
// know yet (the costliest kind of row: a person, a post and an award each) through the API,
// committed: go test -run '^$' -bench Import -benchtime 1x ./internal/app/ (BENCH_MYSQL=1 with
// TEST_MYSQL_DSN for MySQL).
func BenchmarkImport(b *testing.B) {
	{
		s := newServer(b, benchTarget(b))
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		schools := []string{"Công đoàn Trường Tiểu học Tam Hiệp", "Công đoàn Trường Mầm non B thị trấn Văn Điển"}
		const rows = 10_000
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			var csv strings.Builder
			csv.WriteString("STT,Họ và tên,Năm sinh,Đơn vị,Hình thức khen thưởng,Năm học,Số quyết định,Ngày ký\n")
			for r := range rows {
				fmt.Fprintf(&csv, "%d,Nguyễn Thị Lần%d Số%d,%d,%s,Giấy khen,%d-%d,%d/QĐ-LĐLĐ,15/05/2024\n",
					r+1, i, r, 1960+r%40, schools[r%2], 2010+i, 2011+i, 900+i)
			}
			b.StartTimer()
			rep := staff.importFile("10k.csv", []byte(csv.String()), map[string]any{"dryRun": false})
			if !rep.Committed || rep.Awards != rows || rep.NewIndividuals != rows {
				b.Fatalf("import: valid %v, committed %v, %d awards, %d errors", rep.Valid, rep.Committed, rep.Awards, rep.Errors)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/import")
	}
}
