export function TaskDashboardPage() { return <main><h1>TaskDashboardPage</h1></main>; }
