package apperr

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestVietnamese(t *testing.T) {
	tests := []struct{ en, vi string }{
		{"collective 12 not found", "Không tìm thấy đơn vị 12"},
		{"not allowed to issue decisions", "Bạn không có quyền ban hành quyết định"},
		{"not allowed to issue decisions outside your scope", "Bạn không có quyền ban hành quyết định ngoài phạm vi của bạn"},
		{"sign in to import records", "Hãy đăng nhập để nhập dữ liệu"},
		{"not allowed to approve nomination 7: it is not in your federation's review queue",
			"Bạn không có quyền duyệt hồ sơ 7: hồ sơ không nằm trong danh sách chờ duyệt của liên đoàn bạn"},
		{`"abc" is not an id: ids are strings of digits, as the API returns them`, `"abc" không phải mã hợp lệ: mã là chuỗi chữ số, như API trả về`},
		{"Trường Tiểu học Tam Hiệp does not give Bằng khen", "Trường Tiểu học Tam Hiệp không ban hành Bằng khen"},
		{"something no one wrote", "something no one wrote"},
	}
	for _, tt := range tests {
		t.Run(tt.en, func(t *testing.T) {
			if got := Vietnamese(tt.en); got != tt.vi {
				t.Errorf("Vietnamese(%q) = %q, want %q", tt.en, got, tt.vi)
			}
		})
	}
	for header, want := range map[string]string{"": "vi", "en": "en", "en-US,en;q=0.9": "en", "vi-VN,vi;q=0.9,en;q=0.8": "vi", "fr": "vi", "fr,en;q=0.5": "en", "x;;": "vi"} {
		if got := Language(header); got != want {
			t.Errorf("Language(%q) = %q, want %q", header, got, want)
		}
	}
}

// TestEveryMessageIsTranslated reads the code for the messages it can show — the templates
// given to Invalid, Refusal, the privacy rules' refusals, and Error's Message — and fails for
// any the Vietnamese table does not have, so a new message cannot ship in English only.
func TestEveryMessageIsTranslated(t *testing.T) {
	calls := map[string]int{"Invalid": 1, "Refusal": 1, "deny": 1, "forbidden": 1, "Deny": 0, "DenyUnlessRoles": 0, "DenyOps": 0, "problem": 1, "add": 1}
	// Packages whose fmt.Errorf texts reach readers as they are (rows of an import, a period, a
	// date or an id that does not parse, a password, a certificate layout, a query's price).
	userFacing := []string{"internal/importer", "internal/period", "graph/scalar", "graph/cost.go", "internal/blank", "internal/auth/password.go"}
	missing := map[string]string{}
	check := func(msg, at string) {
		if _, ok := vietnamese[msg]; ok {
			return
		}
		if !verb.MatchString(msg) && Vietnamese(msg) != msg { // a whole message the table composes
			return
		}
		missing[msg] = at
	}
	literal := func(e ast.Expr) (string, bool) {
		if call, ok := e.(*ast.CallExpr); ok && len(call.Args) > 0 { // fmt.Sprintf("…", …)
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" {
				e = call.Args[0]
			}
		}
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == "bench" || strings.HasPrefix(rel, ".") && rel != "." || rel == "web" || (strings.HasPrefix(rel, "ent") && rel != "ent" && rel != filepath.Join("ent", "schema")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(rel, "ent"+string(filepath.Separator)) && !strings.HasPrefix(rel, filepath.Join("ent", "schema")) || strings.HasSuffix(path, "generated.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				facing := slices.ContainsFunc(userFacing, func(p string) bool { return strings.HasPrefix(filepath.ToSlash(rel), p) })
				if name == "Errorf" && facing && len(n.Args) > 0 {
					if s, ok := literal(n.Args[0]); ok && !strings.Contains(s, "%w") {
						check(s, fset.Position(n.Pos()).String())
					}
				}
				if i, ok := calls[name]; ok && len(n.Args) > i {
					if s, ok := literal(n.Args[i]); ok {
						check(s, fset.Position(n.Pos()).String())
					}
				}
			case *ast.CompositeLit:
				name := ""
				switch ty := n.Type.(type) {
				case *ast.SelectorExpr:
					name = ty.Sel.Name
				case *ast.Ident:
					name = ty.Name
				}
				if name == "Error" || name == "Problem" {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Message" {
								if s, ok := literal(kv.Value); ok {
									check(s, fset.Position(kv.Pos()).String())
								}
							}
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for msg, at := range missing {
		t.Errorf("%s: %q has no Vietnamese", at, msg)
	}
}
