package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/icp-dev/icp/profile"
)

// loadProfile reads a profile given as a file or as the directory holding icp.yaml.
func loadProfile(path string) (*profile.Profile, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "icp.yaml")
	}
	p, err := profile.Load(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such profile; run `icp derive` first or check --profile", path)
		}
		return nil, err
	}
	return p, nil
}
