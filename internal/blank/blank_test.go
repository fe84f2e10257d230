package blank

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		name, layout string
		ok           bool
	}{
		{"a recipient", `{"pageWidth": 297, "pageHeight": 210, "fields": {"recipient": {"x": 40, "y": 88, "width": 217, "size": 24}}}`, true},
		{"a qr code has no font size", `{"pageWidth": 297, "pageHeight": 210, "fields": {"qr": {"x": 20, "y": 160, "width": 25}}}`, true},
		{"not JSON", `recipient at 40,88`, false},
		{"no page", `{"fields": {}}`, false},
		{"an unknown field", `{"pageWidth": 297, "pageHeight": 210, "fields": {"emblem": {"x": 1, "y": 1, "width": 10, "size": 10}}}`, false},
		{"off the page", `{"pageWidth": 297, "pageHeight": 210, "fields": {"recipient": {"x": 200, "y": 88, "width": 217, "size": 24}}}`, false},
		{"a tiny font", `{"pageWidth": 297, "pageHeight": 210, "fields": {"citation": {"x": 40, "y": 88, "width": 100, "size": 1}}}`, false},
		{"a bad alignment", `{"pageWidth": 297, "pageHeight": 210, "fields": {"citation": {"x": 40, "y": 88, "width": 100, "size": 12, "align": "justify"}}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.layout); (err == nil) != tt.ok {
				t.Errorf("Parse: %v, want ok=%v", err, tt.ok)
			}
		})
	}
	for name, f := range Default.Fields {
		if f.X+f.Width > Default.PageWidth || f.Y > Default.PageHeight {
			t.Errorf("the default layout's %s is off the page", name)
		}
	}
}
