import { Admin, AppBar, Layout, Resource, TitlePortal, CustomRoutes } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { authProvider } from './authProvider.js';
import { dataProvider } from './dataProvider.js';
import { Dashboard } from './dashboard.jsx';
import { StorePicker } from './StorePicker.jsx';
import { StoreCreate, StoreEdit, StoreList, StoreShow } from './resources/stores.jsx';
import { UserCreate, UserEdit, UserList, UserShow } from './resources/users.jsx';
import { BatchCreate, BatchEdit, MedicineCreate, MedicineEdit, MedicineList, MedicineShow } from './resources/medicines.jsx';
import { InventoryList, MovementList, SummaryList } from './resources/inventory.jsx';
import { AdjustmentCreate, AdjustmentList, AdjustmentShow, ReceiptCreate, ReceiptList, ReceiptShow } from './resources/stock.jsx';
import { OrderCreate, OrderEdit, OrderList, OrderShow } from './resources/orders.jsx';
import { AuditList } from './resources/audit.jsx';
import { chainResources, chainRoutes } from './chain/index.jsx';

const Bar = () => (
  <AppBar>
    <TitlePortal />
    <StorePicker />
  </AppBar>
);
const AppLayout = (props) => <Layout {...props} appBar={Bar} />;

export const App = () => (
  // Real paths under /admin (the server routes them to this page), not react-admin's default hash routes.
  <BrowserRouter basename="/admin">
  <Admin title="Pharmacy Operations" dashboard={Dashboard} layout={AppLayout}
    authProvider={authProvider} dataProvider={dataProvider} disableTelemetry>
    <Resource name="stores" list={StoreList} show={StoreShow} edit={StoreEdit} create={StoreCreate} recordRepresentation="code" />
    <Resource name="users" list={UserList} show={UserShow} edit={UserEdit} create={UserCreate} recordRepresentation="username" />
    <Resource name="medicines" list={MedicineList} show={MedicineShow} edit={MedicineEdit} create={MedicineCreate} recordRepresentation="name" />
    <Resource name="batches" edit={BatchEdit} create={BatchCreate} recordRepresentation="batchNumber" />
    <Resource name="inventory" list={InventoryList} options={{ label: 'Inventory per batch' }} />
    <Resource name="inventory-summary" list={SummaryList} options={{ label: 'Inventory per medicine' }} />
    <Resource name="stock-movements" list={MovementList} options={{ label: 'Stock movements' }} />
    <Resource name="stock-receipts" list={ReceiptList} show={ReceiptShow} create={ReceiptCreate} options={{ label: 'Receipts' }} />
    <Resource name="stock-adjustments" list={AdjustmentList} show={AdjustmentShow} create={AdjustmentCreate} options={{ label: 'Adjustments' }} />
    <Resource name="orders" list={OrderList} show={OrderShow} edit={OrderEdit} create={OrderCreate} recordRepresentation="orderNumber" />
    <Resource name="audit-events" list={AuditList} options={{ label: 'Audit log' }} />
    {chainResources}
    <CustomRoutes>{chainRoutes}</CustomRoutes>
  </Admin>
  </BrowserRouter>
);
