import { createBrowserRouter, type RouteObject } from "react-router";
import { Spinner } from "../ui/Spinner.tsx";
import { Layout } from "./Layout.tsx";
import { RouteError } from "./RouteError.tsx";

/** For a page that always shows a task's manifest: the verified IPFS reads load beside its chunk, not after it renders. */
const withVerifiedIpfs = <T,>(page: Promise<T>): Promise<T> => Promise.all([page, import("../lib/verifiedIpfs.ts")]).then(([module]) => module);

/**
 * On the first load the router waits for the page's chunk before it renders the route. With this fallback on the page
 * route, the header and footer show at once with a spinner where the page goes; without it nothing renders until the
 * chunk arrives (and React Router warns).
 */
const pageLoading = (
  <main>
    <Spinner label="Loading page" />
  </main>
);

/** Each page is its own chunk: the workspace does not load the owner console and vice versa. */
const pages: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import("../features/tasks/MarketplacePage.tsx")).MarketplacePage }) },
  { path: "tasks/:taskId", lazy: async () => ({ Component: (await withVerifiedIpfs(import("../features/tasks/TaskPage.tsx"))).TaskPage }) },
  {
    path: "tasks/:taskId/label/:batchId",
    // toasts over the header: never on the class buttons or the commit button
    handle: { toasts: "top" },
    lazy: async () => ({ Component: (await import("../features/labeling/LabelingPage.tsx")).LabelingPage }),
  },
  { path: "owner", lazy: async () => ({ Component: (await import("../features/owner/OwnerTasksPage.tsx")).OwnerTasksPage }) },
  { path: "owner/new", lazy: async () => ({ Component: (await import("../features/owner/CreateTaskPage.tsx")).CreateTaskPage }) },
  {
    path: "owner/tasks/:taskId",
    lazy: async () => ({ Component: (await import("../features/owner/TaskDashboardPage.tsx")).TaskDashboardPage }),
  },
  { path: "profile", lazy: async () => ({ Component: (await import("../features/profile/ProfilePage.tsx")).ProfilePage }) },
  { path: "profile/:address", lazy: async () => ({ Component: (await import("../features/profile/ProfilePage.tsx")).ProfilePage }) },
  {
    path: "leaderboard",
    lazy: async () => ({ Component: (await import("../features/leaderboard/LeaderboardPage.tsx")).LeaderboardPage }),
  },
  { path: "*", lazy: async () => ({ Component: (await import("./NotFound.tsx")).NotFound }) },
];

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Layout />,
    errorElement: <RouteError />,
    children: pages.map((page) => ({ ...page, hydrateFallbackElement: pageLoading })),
  },
]);
