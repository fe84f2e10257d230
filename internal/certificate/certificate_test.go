package certificate

import "testing"

func TestTitleOf(t *testing.T) {
	tests := map[string]string{
		"Giấy khen của Liên đoàn Lao động quận, huyện":         "GIẤY KHEN",
		"Bằng khen của Tổng Liên đoàn Lao động Việt Nam":       "BẰNG KHEN",
		"Cờ thi đua xuất sắc của Liên đoàn Lao động Thành phố": "CỜ THI ĐUA",
		"Lao động tiên tiến":                                   "GIẤY CHỨNG NHẬN",
		"Chiến sĩ thi đua cơ sở":                               "GIẤY CHỨNG NHẬN",
	}
	for level, want := range tests {
		t.Run(level, func(t *testing.T) {
			if got := titleOf(level); got != want {
				t.Errorf("titleOf(%q) = %q, want %q", level, got, want)
			}
		})
	}
}

func TestPlaceOf(t *testing.T) {
	tests := map[string]string{
		"Liên đoàn Lao động huyện Thanh Trì":   "Thanh Trì",
		"Liên đoàn Lao động quận Hai Bà Trưng": "Hai Bà Trưng",
		"Liên đoàn Lao động thành phố Hà Nội":  "Hà Nội",
		"Liên đoàn Lao động thị xã Sa Pa":      "Sa Pa",
		"Tổng Liên đoàn Lao động Việt Nam":     "Hà Nội",
		"Công đoàn Trường Tiểu học Tô Hoàng":   "",
	}
	for issuer, want := range tests {
		t.Run(issuer, func(t *testing.T) {
			if got := placeOf(issuer); got != want {
				t.Errorf("placeOf(%q) = %q, want %q", issuer, got, want)
			}
		})
	}
}
