// DESIGN §5.1 pages: batch hold/release/recall and trace, customer returns (on the order's page), transfers.
// Their browser scenarios are e2e/chain.mjs.
import { Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { BatchTrace } from './batches.jsx';
import { TransferCreate, TransferList, TransferShow } from './transfers.jsx';

export const chainResources = [
  <Resource key="transfers" name="transfers" list={TransferList} show={TransferShow} create={TransferCreate}
    recordRepresentation={(t) => `#${t.id}`} />,
];
export const chainRoutes = [<Route key="trace" path="/batches/:id/trace" element={<BatchTrace />} />];
