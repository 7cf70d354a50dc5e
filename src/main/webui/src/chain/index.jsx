// DESIGN §5.1 pages (batch hold/release/recall and trace, customer returns, transfers), against the §5.1 contract:
// built before those endpoints reached this branch, and not covered by the browser scenarios (README "Console").
import { Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { BatchTrace } from './batches.jsx';
import { TransferCreate, TransferList, TransferShow } from './transfers.jsx';

export const chainResources = [
  <Resource key="transfers" name="transfers" list={TransferList} show={TransferShow} create={TransferCreate}
    recordRepresentation={(t) => `#${t.id}`} />,
];
export const chainRoutes = [<Route key="trace" path="/batches/:id/trace" element={<BatchTrace />} />];
