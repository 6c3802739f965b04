//go:build unix

package backupmocks

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// ownProcessGroup starts the command as the leader of a new process group, so that stopping it
// ends whatever it started (npx starts a shell, which starts node).
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// groupAlive reports whether any process of the group is left.
func groupAlive(pgid int) bool {
	return !errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH)
}

// terminateGroup ends every process of the command's group (SIGTERM, then SIGKILL for what
// lingers) and waits for the command itself to be reaped.
func terminateGroup(cmd *exec.Cmd, exited <-chan struct{}) error {
	pgid := cmd.Process.Pid
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		if err := syscall.Kill(-pgid, sig); errors.Is(err, syscall.ESRCH) {
			break
		}
		deadline := time.Now().Add(stopTimeout / 2)
		for groupAlive(pgid) && time.Now().Before(deadline) {
			time.Sleep(pollEvery)
		}
		if !groupAlive(pgid) {
			break
		}
	}
	<-exited
	if groupAlive(pgid) {
		return fmt.Errorf("process group %d is still running after SIGKILL", pgid)
	}
	return nil
}
