package outbox

import "testing"

func TestTypeOf(t *testing.T) {
	for action, want := range map[string]string{
		"CREATE": "nomination.created", "SUBMIT": "nomination.submitted", "RETURN": "nomination.returned",
		"FORWARD": "nomination.forwarded", "APPROVE": "nomination.approved", "REJECT": "nomination.rejected",
		"WITHDRAW": "nomination.withdrawn", "AWARD": "nomination.awarded", "UPDATE": "nomination.updated",
		"REOPEN": "nomination.reopen",
	} {
		t.Run(action, func(t *testing.T) {
			if got := TypeOf(action); got != want {
				t.Errorf("TypeOf(%s) = %s, want %s", action, got, want)
			}
		})
	}
}
