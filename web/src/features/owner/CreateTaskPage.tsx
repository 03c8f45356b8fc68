export function CreateTaskPage() { return <main><h1>CreateTaskPage</h1></main>; }
