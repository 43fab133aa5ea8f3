/**
 * Issue panel (UI Kit), the `issue-panel` resource of manifest.yml: renders the "Key
 * results" panel through @forge/react, which hands the tree to Jira over the bridge.
 */
import React from 'react';
import ForgeReconciler from '@forge/react';
import { KeyResultsPanel } from './key-results-panel';

ForgeReconciler.render(
  <React.StrictMode>
    <KeyResultsPanel />
  </React.StrictMode>,
);
