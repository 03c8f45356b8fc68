export function OwnerTasksPage() { return <main><h1>OwnerTasksPage</h1></main>; }
